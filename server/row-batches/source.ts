import { isFinalState } from "../contracts/batch";
import type { BatchRecord } from "../batches/record";
import { AppError } from "../errors";

/**
 * The batch a retry or revert is built from: a finished row batch that is not itself a revert (a
 * revert's rows changed after the batch it reverts; re-planning or reverting it would overwrite that).
 */
export function finishedSource(b: BatchRecord, action: "retryFailed" | "revert"): BatchRecord {
  if (b.kind === "export") throw new AppError("BAD_REQUEST", "An export changed no rows: there is nothing to retry or revert. Start a new export instead.");
  if (b.kind === "fetch") {
    throw new AppError("BAD_REQUEST", action === "revert" ? "A file fetch cannot be reverted. Start a new fetch of the files instead." : "Fetch the failed files again instead (media.refetchFailed).");
  }
  if (!isFinalState(b.state) || b.state === "discarded") throw new AppError("CONFLICT", "Wait until the batch has finished (or cancel it) first.");
  if (b.origin === "revert") {
    throw new AppError(
      "BAD_REQUEST",
      action === "revert" ? "A revert cannot itself be reverted; run the original operation again." : "A revert cannot be retried: its rows changed after the batch it reverts. Start a new batch instead.",
    );
  }
  return b;
}
