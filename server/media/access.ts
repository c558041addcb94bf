import type { Actor } from "../auth/actor";
import { visibleBatch } from "../batches/lock";

/** Checks that `batchId` is a fetch batch `actor` may see (others' batches are "not found"). */
export async function assertFetchBatch(actor: Pick<Actor, "id" | "role">, batchId: string): Promise<void> {
  await visibleBatch(actor, batchId, { kind: "fetch" });
}
