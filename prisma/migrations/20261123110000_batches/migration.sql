-- CreateTable
CREATE TABLE "batches" (
    "id" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'normal',
    "parent_id" UUID,
    "operation" JSONB NOT NULL,
    "target" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'planning',
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "previewed_at" TIMESTAMPTZ(3),
    "queued_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "total_items" INTEGER NOT NULL DEFAULT 0,
    "will_change" INTEGER NOT NULL DEFAULT 0,
    "unchanged_planned" INTEGER NOT NULL DEFAULT 0,
    "invalid_planned" INTEGER NOT NULL DEFAULT 0,
    "fields_touched" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "chunk_count" INTEGER NOT NULL DEFAULT 0,
    "chunks_done" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "conflicts" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "progress_seq" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batch_items" (
    "batch_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "row_id" INTEGER,
    "item_index" INTEGER,
    "row_version" INTEGER,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "errors" JSONB,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "batch_items_pkey" PRIMARY KEY ("batch_id","seq")
);

-- CreateTable
CREATE TABLE "batch_results" (
    "batch_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "row_id" INTEGER,
    "result" TEXT NOT NULL,
    "error" JSONB,
    "before_image" JSONB,
    "applied_version" INTEGER,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_results_pkey" PRIMARY KEY ("batch_id","seq")
);

-- CreateTable
CREATE TABLE "batch_chunks" (
    "batch_id" UUID NOT NULL,
    "chunk_no" INTEGER NOT NULL,
    "first_seq" INTEGER NOT NULL,
    "last_seq" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "worker_id" TEXT,
    "done_at" TIMESTAMPTZ(3),
    "ms" INTEGER,

    CONSTRAINT "batch_chunks_pkey" PRIMARY KEY ("batch_id","chunk_no")
);

-- CreateIndex
CREATE INDEX "batches_created_by_id_created_at_idx" ON "batches"("created_by_id", "created_at");

-- CreateIndex
CREATE INDEX "batches_state_idx" ON "batches"("state");

-- CreateIndex
CREATE INDEX "batches_created_at_idx" ON "batches"("created_at");

-- CreateIndex
CREATE INDEX "batch_items_batch_id_outcome_idx" ON "batch_items"("batch_id", "outcome");

-- CreateIndex
CREATE INDEX "batch_results_batch_id_result_idx" ON "batch_results"("batch_id", "result");

-- CreateIndex
CREATE INDEX "batch_chunks_batch_id_state_idx" ON "batch_chunks"("batch_id", "state");

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_items" ADD CONSTRAINT "batch_items_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_results" ADD CONSTRAINT "batch_results_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_chunks" ADD CONSTRAINT "batch_chunks_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

