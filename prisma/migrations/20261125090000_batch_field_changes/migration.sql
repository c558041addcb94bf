-- AlterTable
ALTER TABLE "batches" ADD COLUMN     "field_changes" JSONB NOT NULL DEFAULT '{}';

