-- AlterTable
ALTER TABLE "media_fetches" ADD COLUMN     "prior_download_state" TEXT;

