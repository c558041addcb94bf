-- A record's history: every batch result of one row id (server/history/row-history.ts).
CREATE INDEX "batch_results_row_id_idx" ON "batch_results"("row_id");
