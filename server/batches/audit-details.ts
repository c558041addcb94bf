import type pg from "pg";

type Row = {
  operation: string;
  items: number;
  will_change: number;
  unchanged_planned: number;
  invalid_planned: number;
  processed: number;
  succeeded: number;
  unchanged: number;
  invalid: number;
  conflicts: number;
  failed: number;
};

/**
 * What an audit entry about a batch records beside who and when: the operation and the batch's
 * counts as the action sees them (planned by the dry run, and done so far), read in the action's
 * own transaction so the entry matches what was committed.
 */
export async function batchAuditDetails(client: pg.PoolClient, batchId: string): Promise<Record<string, unknown>> {
  const { rows } = await client.query<Row>(
    `SELECT operation->>'type' AS operation, total_items AS items, will_change, unchanged_planned, invalid_planned,
       processed, succeeded, unchanged, invalid, conflicts, failed
     FROM batches WHERE id = $1`,
    [batchId],
  );
  const b = rows[0];
  if (!b) return {};
  return {
    operation: b.operation,
    items: b.items,
    planned: { willChange: b.will_change, unchanged: b.unchanged_planned, invalid: b.invalid_planned },
    done: { processed: b.processed, succeeded: b.succeeded, unchanged: b.unchanged, invalid: b.invalid, conflicts: b.conflicts, failed: b.failed },
  };
}
