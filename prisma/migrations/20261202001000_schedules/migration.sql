-- Schedules (issue 12): a template run on a timetable, and one row per tick or "run now".

-- CreateTable
CREATE TABLE "batch_schedules" (
    "id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "template_id" UUID NOT NULL,
    "template_version" INTEGER NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "timing" JSONB NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "guard" JSONB NOT NULL,
    "notification" JSONB NOT NULL DEFAULT '{}',
    "next_run_at" TIMESTAMPTZ(3),
    "paused_at" TIMESTAMPTZ(3),
    "stopped_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "batch_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_runs" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'due',
    "batch_id" UUID,
    "reason" TEXT,
    "template_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "webhooks_dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "schedule_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "batch_schedules_next_run_at_idx" ON "batch_schedules"("next_run_at");

-- CreateIndex
CREATE INDEX "batch_schedules_owner_id_deleted_at_idx" ON "batch_schedules"("owner_id", "deleted_at");

-- CreateIndex
CREATE INDEX "schedule_runs_schedule_id_created_at_idx" ON "schedule_runs"("schedule_id", "created_at");

-- CreateIndex
CREATE INDEX "schedule_runs_batch_id_idx" ON "schedule_runs"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_runs_schedule_id_trigger_due_at_key" ON "schedule_runs"("schedule_id", "trigger", "due_at");

-- AddForeignKey
ALTER TABLE "batch_schedules" ADD CONSTRAINT "batch_schedules_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_schedules" ADD CONSTRAINT "batch_schedules_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "batch_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "batch_schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

