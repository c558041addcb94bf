-- AlterTable
ALTER TABLE "batches" ADD COLUMN     "planned_role" TEXT;

