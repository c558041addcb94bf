import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayRun } from "../auth/policy";
import { checkSize } from "../limits";
import { batchAuditDetails } from "../batches/audit-details";
import { createBatch } from "../batches/create";
import { analyzeIfLarge, recordPreview } from "../batches/preview";
import { batchSummary, type BatchSummary } from "../batches/read";
import { batchInputSchema, type BatchInput, type BatchOrigin, type Operation, type Target } from "../contracts/batch";
import { countSelection } from "../resources/query";
import { getResource } from "../resources/registry";
import type { ResourceDef } from "../resources/types";
import { withTransaction } from "../sql/tx";
import { planBatch } from "./plan/plan";

async function targetSize(actor: Actor, res: ResourceDef, target: Target, op: Operation): Promise<number> {
  if (op.type === "updatePerRow") return op.values.length;
  switch (target.kind) {
    case "ids":
      return new Set(target.ids).size;
    case "items":
      return target.items.length;
    case "naturalKeys":
      return target.keys.length;
    case "filter":
      return countSelection(actor.role, res, target.selection, target.excludeIds);
  }
}

/**
 * The dry run: checks permission and limits, resolves the targets once and freezes them with their
 * before/after values and outcomes. Nothing in the resource's table is written.
 */
export async function validateBatch(
  actor: Actor,
  rawInput: BatchInput,
  extra: {
    origin?: BatchOrigin;
    parentId?: string;
    job?: { id: string; index: number };
    /** The template version it is a run of (server/templates/start-run.ts). */
    template?: { id: string; version: number };
    audit?: { action: string; details: Record<string, unknown> };
    /** What commits with the batch's creation, or not at all (a schedule run recording its batch). */
    alsoInTransaction?: (client: pg.PoolClient, batchId: string) => Promise<void>;
  } = {},
): Promise<BatchSummary> {
  const input = batchInputSchema.parse(rawInput);
  const res = getResource(input.resource);
  assertMayRun(actor, res, input.operation.type);
  checkSize(actor.role, "batches", await targetSize(actor, res, input.target, input.operation));

  const batchId = await withTransaction(async (client) => {
    const id = await createBatch(client, {
      actor,
      kind: "rows",
      origin: extra.origin,
      parentId: extra.parentId,
      job: extra.job,
      template: extra.template,
      resource: res.name,
      operation: input.operation,
      target: input.target,
      options: input.options,
    });
    const { fieldsTouched } = await planBatch(client, { batchId: id, res, target: input.target, op: input.operation, actor, now: new Date() });
    await recordPreview(client, id, fieldsTouched, actor);
    await audit({ actor, action: "batch.validate", resource: res.name, batchId: id, details: { ...(await batchAuditDetails(client, id)), target: input.target.kind } }, client);
    // What the batch was derived by (a retry) commits with it, or not at all.
    if (extra.audit) await audit({ actor, action: extra.audit.action, resource: res.name, batchId: id, details: extra.audit.details }, client);
    await extra.alsoInTransaction?.(client, id);
    return id;
  });
  await analyzeIfLarge(batchId);
  return batchSummary(actor, batchId);
}
