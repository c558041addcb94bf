import type pg from "pg";
import { audit } from "../audit/audit";
import type { BatchActor } from "../batch/service/actor";
import { batchSummary, type BatchSummary } from "../batch/service/read";
import { optionsSchema } from "../batch/schemas";
import { pool } from "../db";
import { AppError } from "../errors";
import { producer } from "../jobs/boss";
import { checkRate } from "../limits";
import { getResource } from "../resources/registry";
import { withTransaction } from "../sql/tx";
import { resolveExportFields } from "./fields";
import { exportFileName } from "./file-name";
import { exportRunJob } from "./job";
import { checkExportRows } from "./limits";
import { exportInputSchema, type ExportInput, type ExportOperation } from "./schemas";
import { countTarget } from "./source";

/** Queues the export job in the caller's transaction, so it exists exactly when the batch does. */
async function enqueueExport(client: pg.PoolClient, batchId: string): Promise<void> {
  const boss = await producer();
  const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
  await boss.insert(exportRunJob.name, [{ data: exportRunJob.schema.parse({ batchId }) }], { db });
}

/**
 * Starts an export: checks the fields (sensitive ones only for admins who ask), the row and hourly
 * limits, then records a queued batch with operation {type: "export"} and queues the worker. The
 * batch reports progress like any other; its file appears when the batch completes.
 */
export async function createExport(actor: BatchActor, raw: ExportInput): Promise<BatchSummary> {
  const input = exportInputSchema.parse(raw);
  const res = getResource(input.resource);
  if (!res.operations.includes("export")) throw new AppError("BAD_REQUEST", `${res.label} cannot be exported.`);
  const fields = resolveExportFields(res, input, actor.role);
  const total = await countTarget(pool(), res, input.target);
  checkExportRows(actor.role, total, input.format);
  const operation: ExportOperation = {
    type: "export",
    format: input.format,
    fields: fields.map((f) => f.name),
    includeSensitive: fields.some((f) => f.sensitive),
    fileName: exportFileName(res, input.target, input.format, new Date()),
  };
  const batchId = await withTransaction(async (client) => {
    await checkRate(client, actor.id, actor.role, "exports");
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO batches (id, resource, kind, operation, target, options, state, created_by_id, total_items, queued_at, chunk_count)
       VALUES (gen_random_uuid(), $1, 'normal', $2, $3, $4, 'queued', $5, $6, now(), 1) RETURNING id`,
      [res.name, JSON.stringify(operation), JSON.stringify(input.target), JSON.stringify(optionsSchema.parse({})), actor.id, total],
    );
    const id = rows[0]!.id;
    await enqueueExport(client, id);
    await audit(
      { actor, action: "export.create", resource: res.name, batchId: id, details: { format: input.format, rows: total, fields: operation.fields, target: input.target.kind } },
      client,
    );
    return id;
  });
  return batchSummary(actor, batchId);
}
