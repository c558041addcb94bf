import type { NotificationKind } from "../contracts/notifications";
import type { OperationType } from "../contracts/stored-operation";

// What a batch's end says in the bell and in its e-mail.

const OPERATION: Record<OperationType, string> = {
  update: "Edit fields",
  statusChange: "Change status",
  softDelete: "Move to trash",
  hardDelete: "Delete permanently",
  archive: "Archive",
  restore: "Restore",
  create: "Create rows",
  upsert: "Create or update rows",
  deleteByKey: "Delete by key",
  updateByKey: "Update by key",
  updatePerRow: "Update per row",
  export: "Export",
  fetch: "Fetch files",
  revert: "Revert",
};

export type BatchEnd = {
  batchId: string;
  /** rows | export | fetch */
  kind: string;
  toState: string;
  resource: string;
  operation: string;
  counts: Record<string, number>;
  lastError: string | null;
};

/** The notification kind of a batch's final state; null for what is not news (a discarded preview, a state along the way). */
export function batchEndKind(e: Pick<BatchEnd, "kind" | "toState">): NotificationKind | null {
  switch (e.toState) {
    case "completed":
      return e.kind === "export" ? "export_ready" : "batch_completed";
    case "completed_with_errors":
      return "batch_completed_with_errors";
    case "failed":
      return "batch_failed";
    case "cancelled":
      return "batch_cancelled";
    default:
      return null;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "Batch completed · letters: Edit fields", and how it went in a sentence. */
export function batchEndText(e: BatchEnd, kind: NotificationKind): { title: string; body: string } {
  const what = `${e.resource}: ${OPERATION[e.operation as OperationType] ?? e.operation}`;
  const noun = e.kind === "export" ? "Export" : e.kind === "fetch" ? "File fetch" : "Batch";
  const c = (k: string) => Number(e.counts[k] ?? 0);
  const rows = e.kind === "fetch" ? "file" : "row";
  const tally = [
    `${plural(c("succeeded"), rows)} done`,
    c("unchanged") ? `${plural(c("unchanged"), rows)} unchanged` : null,
    c("failed") + c("invalid") + c("conflicts") ? `${plural(c("failed") + c("invalid") + c("conflicts"), rows)} failed` : null,
  ]
    .filter(Boolean)
    .join(", ");
  switch (kind) {
    case "export_ready":
      return { title: `Export ready · ${e.resource}`, body: `${plural(c("total"), "row")} written. Download the file from the batch page.` };
    case "batch_completed":
      return { title: `${noun} completed · ${what}`, body: `${tally}.` };
    case "batch_completed_with_errors":
      return { title: `${noun} completed with errors · ${what}`, body: `${tally}. Retry the failed ${rows}s from the batch page.` };
    case "batch_failed":
      return { title: `${noun} failed · ${what}`, body: e.lastError ? `${e.lastError}\n${tally}.` : `${tally}.` };
    case "batch_cancelled":
      return { title: `${noun} cancelled · ${what}`, body: `Cancelled by someone else; ${tally}.` };
    default:
      return { title: `${noun} · ${what}`, body: `${tally}.` };
  }
}
