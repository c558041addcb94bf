-- Approvals (issue 13): the rules that make a batch need approval, each batch's request and its approvers' votes.

-- CreateTable
CREATE TABLE "approval_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "resource" TEXT,
    "operation" TEXT,
    "to_status" TEXT,
    "min_rows" INTEGER,
    "requester_roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sensitive_fields" BOOLEAN NOT NULL DEFAULT false,
    "approvals_needed" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batch_approvals" (
    "batch_id" UUID NOT NULL,
    "requested_by_id" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "rules" JSONB NOT NULL,
    "approvals_needed" INTEGER NOT NULL,
    "auto_commit" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "batch_approvals_pkey" PRIMARY KEY ("batch_id")
);

-- CreateTable
CREATE TABLE "batch_approval_votes" (
    "batch_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_approval_votes_pkey" PRIMARY KEY ("batch_id","user_id")
);

-- CreateIndex
CREATE INDEX "batch_approvals_state_expires_at_idx" ON "batch_approvals"("state", "expires_at");

-- AddForeignKey
ALTER TABLE "batch_approval_votes" ADD CONSTRAINT "batch_approval_votes_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batch_approvals"("batch_id") ON DELETE CASCADE ON UPDATE CASCADE;

