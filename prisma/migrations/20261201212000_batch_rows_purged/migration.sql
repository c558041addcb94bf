-- AlterTable
ALTER TABLE "batches" ADD COLUMN     "rows_purged_at" TIMESTAMPTZ(3);

