import type { Actor } from "../auth/actor";
import { hiddenFields, mayExport } from "../auth/policy";
import { createBatch } from "../batches/create";
import { batchSummary, type BatchSummary } from "../batches/read";
import { exportInputSchema, type ExportInput, type ExportOperation } from "../contracts/exports";
import { pool } from "../db";
import { AppError } from "../errors";
import { getResource } from "../resources/registry";
import { withTransaction } from "../sql/tx";
import { resolveExportFields } from "./fields";
import { exportFileName } from "./file-name";
import { checkExportRows } from "./limits";
import { countTarget } from "./source";

/**
 * Starts an export: checks the fields (sensitive ones only for admins who ask), the row and hourly
 * limits, then records a queued export batch and queues its job. The batch reports progress like
 * any other; its file appears when the batch completes.
 */
export async function createExport(actor: Actor, raw: ExportInput): Promise<BatchSummary> {
  const input = exportInputSchema.parse(raw);
  const res = getResource(input.resource);
  if (!mayExport(res)) throw new AppError("BAD_REQUEST", `${res.label} cannot be exported.`);
  const fields = resolveExportFields(res, input, actor.role);
  const hidden = hiddenFields(res, actor.role);
  const total = await countTarget(pool(), res, input.target, hidden);
  checkExportRows(actor.role, total, input.format);
  const operation: ExportOperation = {
    type: "export",
    format: input.format,
    fields: fields.map((f) => f.name),
    includeSensitive: fields.some((f) => f.sensitive),
    escapeFormulas: input.escapeFormulas,
    hiddenFields: [...hidden],
    fileName: exportFileName(res, input.target, input.format, new Date()),
  };
  const batchId = await withTransaction((client) =>
    createBatch(client, {
      actor,
      kind: "export",
      resource: res.name,
      operation,
      target: input.target,
      totalItems: total,
      audit: { action: "export.create", details: { format: input.format, rows: total, fields: operation.fields, target: input.target.kind } },
    }),
  );
  return batchSummary(actor, batchId);
}
