import { toast } from "sonner";
import { OPERATION_LABEL } from "./operations";
import { describeCounts } from "./progress-terms";
import type { BatchKind } from "@/server/contracts/batch";
import type { OperationType } from "@/server/contracts/stored-operation";
import type { BatchProgress } from "./types";

/** A toast that a batch finished, with how it went and a link to it. */
export function notifyFinished(
  p: BatchProgress,
  about: { resource: string; operation: OperationType; kind: BatchKind; batchId: string; open: (href: string) => void },
) {
  const what = `${about.resource}: ${OPERATION_LABEL[about.operation]}`;
  const description = describeCounts(about.kind, p.counts);
  const action = { label: "View", onClick: () => about.open(`/batches/${about.batchId}`) };
  const opts = { description, action, duration: 10_000, id: `batch-finished-${about.batchId}` };
  switch (p.state) {
    case "completed":
      return toast.success(`Batch finished · ${what}`, opts);
    case "completed_with_errors":
      return toast.warning(`Batch finished with errors · ${what}`, opts);
    case "failed":
      return toast.error(`Batch failed · ${what}`, { ...opts, description: p.lastError ?? description });
    case "cancelled":
      return toast.info(`Batch cancelled · ${what}`, opts);
    default:
      return undefined;
  }
}
