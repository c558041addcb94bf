import type { SessionUser } from "../../auth/session";
import { AppError } from "../../errors";

/** Who acts on a batch: the signed-in user. */
export type BatchActor = SessionUser;

/** Users see and control the batches they started; admins see and control all. */
export function assertCanSeeBatch(actor: BatchActor, createdById: string): void {
  if (actor.role !== "admin" && actor.id !== createdById) throw new AppError("NOT_FOUND", "No such batch.");
}
