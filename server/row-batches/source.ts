import { isFinalState } from "../contracts/batch";
import { kindOf } from "../batches/kinds";
import type { BatchRecord } from "../batches/record";
import { AppError } from "../errors";

/**
 * The batch a retry or revert is built from: a finished row batch that is not itself a revert (a
 * revert's rows changed after the batch it reverts; re-planning or reverting it would overwrite that).
 */
export function finishedSource(b: BatchRecord, action: "retryFailed" | "revert"): BatchRecord {
  const kind = kindOf(b.kind);
  if (action === "retryFailed" ? !kind.retryable : !kind.revertible) {
    const noun = kind.noun.charAt(0).toUpperCase() + kind.noun.slice(1);
    throw new AppError("BAD_REQUEST", `${noun} cannot be ${action === "revert" ? "reverted" : "retried"} row by row; ${kind.instead}`);
  }
  if (!isFinalState(b.state) || b.state === "discarded") throw new AppError("CONFLICT", "Wait until the batch has finished (or cancel it) first.");
  if (b.rowsPurgedAt) {
    throw new AppError("GONE", `This batch's rows were cleaned up on ${b.rowsPurgedAt.toISOString().slice(0, 10)}: there is nothing left to ${action === "revert" ? "revert" : "retry"} from.`);
  }
  if (b.origin === "revert") {
    throw new AppError(
      "BAD_REQUEST",
      action === "revert" ? "A revert cannot itself be reverted; run the original operation again." : "A revert cannot be retried: its rows changed after the batch it reverts. Start a new batch instead.",
    );
  }
  return b;
}
