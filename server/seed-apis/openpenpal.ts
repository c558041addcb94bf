import { requireScope } from "../auth/policy";
import { commitBatch } from "../batches/commit";
import { controlBatch } from "../batches/control";
import { purgeFinishedBatches } from "../batches/purge";
import { batchSummary, countActiveBatches, listBatches, type BatchSummary } from "../batches/read";
import { waitForBatch } from "../batches/wait";
import { setting } from "../config";
import { isFinalState, type BatchInput, type Operation } from "../contracts/batch";
import { isUuid } from "../contracts/ids";
import { pool } from "../db";
import { AppError } from "../errors";
import { createExport } from "../exports/create";
import { resolveExportFields } from "../exports/fields";
import { exportOfBatch } from "../exports/list";
import { presentIds } from "../exports/source";
import { checkHealth } from "../health/health";
import { readJsonBody } from "../http/body";
import type { ErrorEnvelope, RouteContext } from "../http/route";
import { getField, getResource } from "../resources/registry";
import type { ResourceDef } from "../resources/types";
import { validateBatch } from "../row-batches/validate";
import { downloadableFiles } from "../storage/files";
import { fileResponse } from "../storage/http/download";
import { asUserDownload } from "../storage/http/user-downloads";
import { allItems, jobOf, jobOfSummary, jobStatus, resultsForItems, resultsForTargets, type TargetResult } from "./openpenpal-results";
import {
  archiveBodySchema,
  bulkCreateBodySchema,
  cleanupQuerySchema,
  deleteBodySchema,
  executeBodySchema,
  exportBodySchema,
  jobsQuerySchema,
  restoreBodySchema,
  SEED_OPERATIONS,
  statusBodySchema,
  TARGET_TYPES,
  targetTypeQuerySchema,
  type ExecuteBody,
  type TargetId,
  type TargetType,
} from "./openpenpal-schemas";

// The OpenPenPal batch API (seed 000) over Batchdesk's engine: its paths, bodies and `{code, msg,
// data}` envelope, mapped onto row batches (validate → commit → the worker), exports and the batch
// kernel. Nothing is decided here that the engine decides: permissions (policy.ts: operators act on
// their own rows, admins on all, destructive operations admin-only), limits, audit and the per-row
// outcomes all come from it. Route files under app/api/batch/ are one line each over these.

type Ctx = RouteContext<Record<string, string | string[] | undefined>>;

/** Bodies carrying rows to create may be large; the rest hold ids and options. */
const ROWS_BODY_LIMIT = 8 * 1024 * 1024;

/** Failures in the seed's envelope: `code` is the HTTP status (as its error table lists), `data` names our code. */
export const openpenpalError: ErrorEnvelope = ({ status, body }) => ({
  status,
  body: {
    code: status,
    msg: body.error.message,
    data: { error_code: body.error.code, ...(body.error.details ? { details: body.error.details } : {}), request_id: body.error.requestId ?? null },
  },
});

function ok(msg: string, data: unknown, status = 200): Response {
  return Response.json({ code: 0, msg, data }, { status, headers: { "cache-control": "no-store" } });
}

const query = (req: Request) => Object.fromEntries(new URL(req.url).searchParams);

function checkTargetCount(count: number): void {
  const max = setting("SEED_BATCH_MAX_TARGETS");
  if (count > max) throw new AppError("BAD_REQUEST", `单次批量操作最多${max}个目标（本次${count}个）。A batch call takes at most ${max} targets.`, { max, given: count });
}

function supported(res: ResourceDef, operation: Operation["type"] | "export", seedName: string): void {
  if (!res.operations.includes(operation)) throw new AppError("BAD_REQUEST", `target_type ${res.name} does not support the ${seedName} operation.`);
}

/** The engine operation the seed's operation and `operation_data` stand for. */
function engineOperation(body: Exclude<ExecuteBody, { operation: "export" }>): Operation {
  switch (body.operation) {
    case "delete":
      return body.operation_data.soft_delete ? { type: "softDelete", reason: body.operation_data.delete_reason ?? "批量删除" } : { type: "hardDelete" };
    case "update":
      return { type: "update", changes: Object.entries(body.operation_data.updates).map(([field, value]) => ({ op: "set" as const, field, value })) };
    case "status_update": {
      const d = body.operation_data;
      return { type: "statusChange", to: d.new_status, reason: d.reason ?? "批量状态更新", force: d.force };
    }
    case "archive":
      return { type: "archive", reason: body.operation_data.archive_reason ?? "批量归档", location: body.operation_data.archive_location };
    case "restore":
      return { type: "restore" };
    case "bulk_create":
      return { type: "create" };
  }
}

const isoOf = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The seed's operation result record around the engine's batch and per-target results. */
function operationResult(body: ExecuteBody, s: BatchSummary | null, results: TargetResult[], dryRun: boolean, extra: Record<string, unknown> = {}) {
  const started = s ? (dryRun ? s.createdAt : (s.progress.startedAt ?? s.queuedAt ?? s.createdAt)) : null;
  const completed = s ? (dryRun ? s.previewedAt : s.progress.finishedAt) : null;
  const success = results.filter((r) => r.success).length;
  return {
    operation_id: s?.id ?? null,
    operation: body.operation,
    target_type: body.target_type,
    total_count: body.operation === "bulk_create" ? body.operation_data.items.length : body.target_ids.length,
    success_count: success,
    failure_count: results.length - success,
    results,
    started_at: isoOf(started),
    completed_at: isoOf(completed),
    duration_ms: started && completed ? completed.getTime() - started.getTime() : null,
    dry_run: dryRun,
    status: dryRun ? "validated" : s ? jobStatus(s.state) : "completed",
    ...extra,
  };
}

const uniqueIds = (targets: TargetId[]) => [...new Set(targets.map(Number))];

/** Runs one request of the seed: a dry run, or a batch that the worker runs while this waits a few seconds for it. */
async function run(ctx: Ctx, body: ExecuteBody): Promise<Response> {
  const res = getResource(body.target_type);
  checkTargetCount(body.operation === "bulk_create" ? body.operation_data.items.length : body.target_ids.length);
  // Execute takes exports and row operations alike (its rule lets either scope in): the token needs the one this is.
  requireScope(ctx.actor, body.operation === "export" ? "exports" : "batches");
  if (body.operation === "export") return runExport(ctx, res, body);
  const operation = engineOperation(body);
  supported(res, operation.type, body.operation);
  const creating = body.operation === "bulk_create";
  const input: BatchInput = {
    resource: res.name,
    target: creating ? { kind: "items", items: body.operation_data.items } : { kind: "ids", ids: uniqueIds(body.target_ids) },
    operation,
    options: { validation: creating && !body.operation_data.continue_on_error ? "strict" : "lenient" },
  };
  const results = (items: Awaited<ReturnType<typeof allItems>>, planned: boolean) =>
    body.operation === "bulk_create" ? resultsForItems(items, planned) : resultsForTargets(body.operation, body.target_ids, items, planned);

  const preview = await validateBatch(ctx.actor, input);
  const strictStop = input.options?.validation === "strict" && preview.preview.invalid > 0;
  if (body.dry_run || strictStop) {
    const planned = results(await allItems(ctx.actor, preview.id), true);
    // Nothing of a dry run is left to commit; discarded, its preview and audit stay on record.
    const discarded = await controlBatch(ctx.actor, preview.id, "discard");
    if (strictStop) {
      return Response.json(
        { code: 422, msg: "存在无效条目，continue_on_error 为 false，未执行任何操作。Invalid items; nothing was created.", data: operationResult(body, discarded, planned, true) },
        { status: 422, headers: { "cache-control": "no-store" } },
      );
    }
    return ok("批量操作验证完成", operationResult(body, discarded, planned, true));
  }
  await commitBatch(ctx.actor, preview.id);
  const done = await waitForBatch(ctx.actor, preview.id, setting("SEED_BATCH_WAIT_SECONDS"), ctx.req.signal);
  if (!isFinalState(done.state)) return ok("批量操作已提交，正在后台执行", operationResult(body, done, [], false), 202);
  const applied = results(await allItems(ctx.actor, done.id), false);
  return ok(done.state === "failed" ? "批量操作执行失败" : "批量操作执行成功", operationResult(body, done, applied, false, { error_message: done.progress.lastError }));
}

/** include_fields (default: every field the role may export) less exclude_fields, in that order. */
function exportFieldNames(res: ResourceDef, include: string[] | undefined, exclude: string[] | undefined): string[] {
  for (const name of [...(include ?? []), ...(exclude ?? [])]) getField(res, name);
  const base = include ?? res.fields.filter((f) => !f.sensitive).map((f) => f.name);
  const fields = base.filter((n) => !(exclude ?? []).includes(n));
  if (fields.length === 0) throw new AppError("BAD_REQUEST", "include_fields and exclude_fields leave no field to export.");
  return fields;
}

async function runExport(ctx: Ctx, res: ResourceDef, body: Extract<ExecuteBody, { operation: "export" }>): Promise<Response> {
  supported(res, "export", "export");
  const d = body.operation_data;
  const ids = uniqueIds(body.target_ids);
  const fields = exportFieldNames(res, d.include_fields, d.exclude_fields);
  const includeSensitive = fields.some((f) => getField(res, f).sensitive);
  // Refuses sensitive fields for non-admins before anything is counted or created, as the engine does.
  resolveExportFields(res, { fields, includeSensitive }, ctx.actor.role);
  const present = await presentIds(pool(), res, ids);
  const results: TargetResult[] = body.target_ids.map((t) =>
    present.has(Number(t))
      ? { target_id: t, success: true, message: body.dry_run ? "Would be exported" : "Exported successfully" }
      : { target_id: t, success: false, message: `No such ${res.singular}.`, error_code: "NOT_FOUND" },
  );
  const about = { export_format: d.export_format, fields };
  if (body.dry_run) return ok("批量操作验证完成", operationResult(body, null, results, true, about));
  const created = await createExport(ctx.actor, { resource: res.name, target: { kind: "ids", ids }, format: d.export_format, fields, includeSensitive });
  const done = await waitForBatch(ctx.actor, created.id, setting("SEED_BATCH_WAIT_SECONDS"), ctx.req.signal);
  const file = await exportOfBatch(ctx.actor, done.id);
  const exportInfo = { ...about, export_id: done.id, download_url: `/api/batch/export/${done.id}`, file_name: file.name, file_size: file.size, row_count: file.rows };
  if (!isFinalState(done.state)) return ok("导出已提交，正在后台执行", operationResult(body, done, [], false, exportInfo), 202);
  return ok(done.state === "completed" ? "批量导出成功" : "批量导出失败", operationResult(body, done, done.state === "completed" ? results : [], false, { ...exportInfo, error_message: done.progress.lastError }));
}

// ───────────── The endpoints ─────────────

/** `POST /api/batch/execute`. */
export async function execute(ctx: Ctx): Promise<Response> {
  return run(ctx, executeBodySchema.parse(await readJsonBody(ctx.req, ROWS_BODY_LIMIT)));
}

/** `POST /api/batch/validate`: execute as a dry run, whatever `dry_run` says. */
export async function validate(ctx: Ctx): Promise<Response> {
  return run(ctx, { ...executeBodySchema.parse(await readJsonBody(ctx.req, ROWS_BODY_LIMIT)), dry_run: true });
}

/** `POST /api/batch/{letters,products}/delete`. */
export function deleteOf(targetType: TargetType) {
  return async (ctx: Ctx): Promise<Response> => {
    const { target_ids, ...operation_data } = deleteBodySchema.parse(await readJsonBody(ctx.req));
    return run(ctx, { operation: "delete", target_type: targetType, target_ids, operation_data, dry_run: false });
  };
}

/** `POST /api/batch/{letters,products}/status`. */
export function statusOf(targetType: TargetType) {
  return async (ctx: Ctx): Promise<Response> => {
    const { target_ids, ...operation_data } = statusBodySchema.parse(await readJsonBody(ctx.req));
    return run(ctx, { operation: "status_update", target_type: targetType, target_ids, operation_data, dry_run: false });
  };
}

const targetTypeOf = (req: Request) => targetTypeQuerySchema.parse(query(req)).target_type;

/** `POST /api/batch/archive?target_type=`. */
export async function archive(ctx: Ctx): Promise<Response> {
  const target_type = targetTypeOf(ctx.req);
  const { target_ids, ...operation_data } = archiveBodySchema.parse(await readJsonBody(ctx.req));
  return run(ctx, { operation: "archive", target_type, target_ids, operation_data, dry_run: false });
}

/** `POST /api/batch/restore?target_type=`. */
export async function restore(ctx: Ctx): Promise<Response> {
  const target_type = targetTypeOf(ctx.req);
  const { target_ids } = restoreBodySchema.parse(await readJsonBody(ctx.req));
  return run(ctx, { operation: "restore", target_type, target_ids, operation_data: {}, dry_run: false });
}

/** `POST /api/batch/export?target_type=`. */
export async function exportRows(ctx: Ctx): Promise<Response> {
  const target_type = targetTypeOf(ctx.req);
  const { target_ids, ...operation_data } = exportBodySchema.parse(await readJsonBody(ctx.req));
  return run(ctx, { operation: "export", target_type, target_ids, operation_data, dry_run: false });
}

/** `POST /api/batch/bulk-create?target_type=`. */
export async function bulkCreate(ctx: Ctx): Promise<Response> {
  const target_type = targetTypeOf(ctx.req);
  const operation_data = bulkCreateBodySchema.parse(await readJsonBody(ctx.req, ROWS_BODY_LIMIT));
  return run(ctx, { operation: "bulk_create", target_type, operation_data, dry_run: false });
}

/** A batch id from the path; anything that is not one is simply no batch. */
function batchIdOf(ctx: Ctx, name = "id"): string {
  const id = ctx.params[name];
  if (typeof id !== "string" || !isUuid(id)) throw new AppError("NOT_FOUND", "No such job.");
  return id;
}

/** `GET /api/batch/jobs/{job_id}`. */
export async function job(ctx: Ctx): Promise<Response> {
  return ok("获取作业状态成功", jobOfSummary(await batchSummary(ctx.actor, batchIdOf(ctx))));
}

/** `POST /api/batch/jobs/{job_id}/cancel`. */
export async function cancelJob(ctx: Ctx): Promise<Response> {
  return ok("作业已取消", jobOfSummary(await controlBatch(ctx.actor, batchIdOf(ctx), "cancel")));
}

/** `GET /api/batch/export/{export_id}`: the export's file, once written (Range and ETag as for any file). */
export async function downloadExport(ctx: Ctx): Promise<Response> {
  const id = batchIdOf(ctx);
  const exp = await exportOfBatch(ctx.actor, id);
  if (exp.status === "queued" || exp.status === "running") throw new AppError("CONFLICT", "导出尚未完成，请稍后再试。The export is not finished yet.");
  if (exp.status === "expired") throw new AppError("GONE", "导出文件已过期。The export's file has expired; export again.");
  if (!exp.fileId) throw new AppError("NOT_FOUND", `导出没有文件（${exp.status}）。This export has no file.`);
  const fileId = exp.fileId;
  return asUserDownload(ctx.actor.id, async () => fileResponse(ctx.req, (await downloadableFiles(ctx.actor, [fileId]))[0]!));
}

const HEALTH_WORD = { ok: "healthy", degraded: "degraded", down: "unhealthy" } as const;

/** `GET /api/batch/health`. */
export async function health(ctx: Ctx): Promise<Response> {
  const h = await checkHealth();
  const data = {
    status: HEALTH_WORD[h.status],
    active_jobs: h.status === "down" ? 0 : await countActiveBatches(ctx.actor),
    supported_operations: [...SEED_OPERATIONS],
    supported_targets: [...TARGET_TYPES],
    timestamp: new Date().toISOString(),
    worker_alive: h.worker.alive,
  };
  if (h.status === "down") return Response.json({ code: 503, msg: "批量操作服务不可用", data }, { status: 503, headers: { "cache-control": "no-store" } });
  return ok(h.status === "ok" ? "批量操作服务运行正常" : "批量操作服务降级运行（没有运行中的 worker）", data);
}

/** `GET /api/batch/admin/jobs?page=&page_size=`: every user's batches, newest first (the route is admin only). */
export async function adminJobs(ctx: Ctx): Promise<Response> {
  const q = jobsQuerySchema.parse(query(ctx.req));
  const list = await listBatches(ctx.actor, { page: q.page, pageSize: q.page_size });
  const jobs = list.batches.map((b) => ({ ...jobOf(b), created_by: b.createdBy.email }));
  return ok("获取所有作业状态成功", { jobs, total: list.total, page: list.page, page_size: list.pageSize });
}

/** `POST /api/batch/admin/cleanup?older_than_hours=`. */
export async function adminCleanup(ctx: Ctx): Promise<Response> {
  const { older_than_hours } = cleanupQuerySchema.parse(query(ctx.req));
  const c = await purgeFinishedBatches(ctx.actor, older_than_hours);
  return ok(`已清理${c.batches}个已完成作业`, {
    older_than_hours,
    cleaned_jobs: c.batches,
    removed: { items: c.items, results: c.results, chunks: c.chunks, fetch_rows: c.fetchRows, files: c.files },
  });
}
