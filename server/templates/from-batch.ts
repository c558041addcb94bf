import type { Actor } from "../auth/actor";
import { assertCanSeeBatch } from "../auth/policy";
import { prisma } from "../db";
import type { TemplateBody, TemplateTarget } from "../contracts/templates";
import { AppError } from "../errors";
import { createTemplate, type TemplateRecord } from "./store";

/**
 * "Save as template" on a batch page: the batch's resource, target, operation and options as a new
 * template of the caller's, without parameters (an edit adds them). A batch whose rows travel in it
 * (created items, natural keys, per-row values) is not a reusable selection, so it is refused.
 */
export async function templateFromBatch(actor: Actor, batchId: string, name?: string): Promise<TemplateRecord> {
  const b = await prisma.batch.findUnique({ where: { id: batchId } });
  if (!b) throw new AppError("NOT_FOUND", "No such batch.");
  assertCanSeeBatch(actor, b.createdById);
  if (b.kind !== "rows") throw new AppError("BAD_REQUEST", "Only row batches can be saved as templates.");
  const target = b.target as { kind: string } & Record<string, unknown>;
  const operation = b.operation as { type: string } & Record<string, unknown>;
  if ((target.kind !== "filter" && target.kind !== "ids") || operation.type === "updatePerRow") {
    throw new AppError("BAD_REQUEST", "This batch carries its own rows (items, keys or per-row values); only batches of a filter or of row ids can be saved as templates.");
  }
  const body: TemplateBody = {
    name: name?.trim() || `From batch ${b.id.slice(0, 8)}`,
    resource: b.resource,
    target: target as TemplateTarget,
    operation,
    options: b.options as TemplateBody["options"],
    parameters: [],
  };
  return createTemplate(actor, body, "template.create", { fromBatch: batchId });
}
