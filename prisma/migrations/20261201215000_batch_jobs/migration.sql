-- Seed 003's batch jobs: several row batches submitted together, one per operation.

-- CreateTable
CREATE TABLE "batch_jobs" (
    "id" UUID NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT,
    "options" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_jobs_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "batches" ADD COLUMN "job_id" UUID,
ADD COLUMN "job_index" INTEGER;

-- CreateIndex
CREATE INDEX "batch_jobs_created_by_id_created_at_idx" ON "batch_jobs"("created_by_id", "created_at");

-- CreateIndex
CREATE INDEX "batches_job_id_job_index_idx" ON "batches"("job_id", "job_index");

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "batch_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_jobs" ADD CONSTRAINT "batch_jobs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
