-- The batch kernel: `kind` now names what runs a batch (rows | export | fetch) and the old values
-- (normal | retry | revert: where the batch came from) move to `origin`.
ALTER TABLE "batches" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'normal';
UPDATE "batches" SET "origin" = "kind";
UPDATE "batches" SET "kind" = CASE "operation"->>'type' WHEN 'export' THEN 'export' WHEN 'fetch' THEN 'fetch' ELSE 'rows' END;
ALTER TABLE "batches" ALTER COLUMN "kind" SET DEFAULT 'rows';

-- Audit rows say through what the user acted (signed in, an API token, a schedule).
ALTER TABLE "audit_logs" ADD COLUMN "actor_kind" TEXT NOT NULL DEFAULT 'user',
ADD COLUMN "actor_via" TEXT;

-- The outbox of batch state changes.
CREATE TABLE "batch_events" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_via" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "batch_events_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "batch_events_batch_id_id_idx" ON "batch_events"("batch_id", "id");

ALTER TABLE "batch_events" ADD CONSTRAINT "batch_events_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
