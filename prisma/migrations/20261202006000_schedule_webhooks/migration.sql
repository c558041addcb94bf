-- A schedule's on-completion webhook (seed 003's notification.on_completion.webhook) is an endpoint that hears that schedule's runs only.

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "schedule_id" UUID;

-- CreateIndex
CREATE INDEX "webhook_endpoints_schedule_id_idx" ON "webhook_endpoints"("schedule_id");

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "batch_schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

