-- AlterTable
ALTER TABLE "batch_chunks" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0;

