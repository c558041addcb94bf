import type { Actor } from "../auth/actor";
import { commitBatch } from "../batches/commit";
import { batchInputSchema, type BatchInput } from "../contracts/batch";
import { validateBatch } from "./validate";

/** For API clients: validate (freezing the targets) and commit in one call. */
export async function validateAndCommit(actor: Actor, input: BatchInput) {
  const summary = await validateBatch(actor, batchInputSchema.parse(input));
  return commitBatch(actor, summary.id);
}
