-- CreateTable
CREATE TABLE "idempotency_keys" (
    "actor_key" TEXT NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "request_hash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "claim_token" UUID NOT NULL,
    "locked_until" TIMESTAMPTZ(3) NOT NULL,
    "response_status" INTEGER,
    "response_body" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("actor_key","key")
);

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- A settled row always has the response it replays.
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_state_check"
  CHECK ("state" = 'in_progress' OR ("state" = 'done' AND "response_status" IS NOT NULL AND "response_body" IS NOT NULL));
