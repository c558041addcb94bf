import type pg from "pg";
import type { BatchRecord } from "../batches/record";
import { AppError } from "../errors";
import { matchingRules } from "./rules";

// The commit's gate: a batch that matches an approval rule is committed only with an approval in
// force (server/approvals/requests.ts). Apart from the requests so the kernel's commit needs no more.

/**
 * Refuses to commit a batch that needs approval and has none in force (called by commitLocked):
 * PRECONDITION_FAILED with `details.code` APPROVAL_REQUIRED and the rules.
 */
export async function assertApprovedForCommit(client: pg.PoolClient, batch: Pick<BatchRecord, "id" | "kind">): Promise<void> {
  if (batch.kind !== "rows") return;
  const matched = await matchingRules(client, batch.id);
  if (matched.approvalsNeeded === 0) return;
  const { rows } = await client.query<{ ok: boolean }>("SELECT state = 'approved' AND expires_at > now() AS ok FROM batch_approvals WHERE batch_id = $1", [batch.id]);
  if (rows[0]?.ok) return;
  throw new AppError("PRECONDITION_FAILED", `This batch needs approval before it can be committed (${matched.rules.map((r) => r.name).join(", ")}). Request approval.`, {
    code: "APPROVAL_REQUIRED",
    rules: matched.rules,
    approvalsNeeded: matched.approvalsNeeded,
  });
}


/** Whether batch `batchId` may be committed as far as approvals go: it needs none, or has one in force. */
export async function approvalInForce(db: pg.Pool | pg.PoolClient, batchId: string): Promise<boolean> {
  const matched = await matchingRules(db, batchId);
  if (matched.approvalsNeeded === 0) return true;
  const { rows } = await db.query<{ ok: boolean }>("SELECT state = 'approved' AND expires_at > now() AS ok FROM batch_approvals WHERE batch_id = $1", [batchId]);
  return rows[0]?.ok === true;
}
