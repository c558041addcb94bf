// Seed 002, "批量更新": `POST /doc/{docType}/{docId}/data/bulk?requestId=` takes a `BulkUpdate[]`
// and answers the change request the changes were written into. Here the document is a resource
// (`/api/doc/resources/{resource}/data/bulk`), and each BulkUpdate becomes one row batch of the
// engine, planned and frozen as a dry-run preview — never committed — whose items are the
// request's changes (row id, before → after, outcome, per-row errors such as CONSTRAINT_VIOLATION).
//
// Change requests (the approvals issue) are designed to own these batches, not to replace them:
// - a `change_requests` table (id, resource, title, status open / merged / closed, author,
//   approvals) and a nullable `batches.change_request_id` column; the batches created here get it;
// - `?requestId=` then adds this call's batches to that open request (REQUEST_NOT_FOUND when there is
//   none, REQUEST_ALREADY_CLOSED when it is merged or closed) instead of standing alone;
// - merge = commit the request's previewed batches in order (each commit re-checks its role and
//   plan; a row changed since its preview still conflicts per row, never overwritten), so a merged
//   request is revertible batch by batch; close = discard them; REQUEST_CONFLICT when two open
//   requests' batches touch the same rows at merge;
// - the response below already has the request's shape (`requestId`, `status`, its changes grouped
//   by batch): with the table, `requestId` and `status` come from it and nothing else changes.
// Until then `requestId` is null and `status` is "previewed"; the batches can be committed or
// discarded one by one like any other (batch.execute / batch.discard, or the console).
import type { Actor } from "../auth/actor";
import { controlBatch } from "../batches/control";
import type { BatchSummary } from "../batches/read";
import { MAX_FIELD_CHANGES, type BatchInput, type FieldChange, type Target } from "../contracts/batch";
import { fieldValueSchema, type FieldValue } from "../contracts/values";
import { AppError, type AppErrorCode } from "../errors";
import { RESOURCES } from "../resources/registry";
import type { FieldDef, ResourceDef } from "../resources/types";
import { coerceValue } from "../resources/values";
import { listItems } from "../row-batches/items";
import { validateBatch } from "../row-batches/validate";
import { bulkQuerySchema, bulkUpdatesSchema, toFilter, type BulkUpdate } from "./bulk-update-input";

/** Why a soft delete by BulkUpdate happened, as the row's delete reason. */
export const DELETE_REASON = "Deleted by a BulkUpdate (API)";
/** Rows of each batch's preview the answer lists; the rest are in the batch's items. */
export const PREVIEW_ROWS = 100;

/** A refusal with the seed's error code (in `details.code`) and where in the request it is. */
function refuse(status: AppErrorCode, seedCode: string, message: string, where: { index?: number; field?: string } = {}): AppError {
  return new AppError(status, message, { code: seedCode, ...where });
}

/** The document a call names: `resources/{name}` (the only document type Batchdesk has). */
export function documentOf(docType: string, docId: string): ResourceDef {
  if (docType !== "resources") throw refuse("NOT_FOUND", "DOC_TYPE_UNKNOWN", `Unknown document type "${docType}": use "resources".`);
  const res = RESOURCES.find((r) => r.name === docId);
  if (!res) throw refuse("NOT_FOUND", "DOC_NOT_FOUND", `No document "${docId}" of type resources.`);
  return res;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function fieldFor(res: ResourceDef, name: string, index: number): FieldDef {
  const field = res.fields.find((f) => f.name === name);
  if (!field) throw refuse("UNPROCESSABLE_CONTENT", "FIELD_NOT_FOUND", `${res.label} have no field "${name}".`, { index, field: name });
  if (field.readOnly) throw refuse("UNPROCESSABLE_CONTENT", "CONSTRAINT_VIOLATION", `${field.label} is read-only.`, { index, field: name });
  return field;
}

/** A value checked against its field's type, as the engine will store it (FIELD_TYPE_MISMATCH otherwise). */
function valueFor(field: FieldDef, raw: unknown, index: number): FieldValue {
  const parsed = fieldValueSchema.safeParse(raw);
  const coerced = coerceValue(field, raw);
  if (!parsed.success || !coerced.ok) {
    throw refuse("UNPROCESSABLE_CONTENT", "FIELD_TYPE_MISMATCH", coerced.ok ? `${field.label} takes a single value or a list of values.` : coerced.message, { index, field: field.name });
  }
  return parsed.data;
}

/** One BulkUpdate as the engine's batch input, refused (with its index) when it cannot be one. */
export function toBatchInput(res: ResourceDef, update: BulkUpdate, index: number): BatchInput {
  const { target: t, value } = update;
  const at = { index };
  if (t.property !== undefined || t.properties) {
    throw refuse("BAD_REQUEST", "UNSUPPORTED_TARGET", `${res.label} have no document properties: target rows (row, rows or condition).`, at);
  }
  if ([t.row !== undefined, t.rows !== undefined, t.condition !== undefined].filter(Boolean).length !== 1) {
    throw refuse("BAD_REQUEST", "INVALID_TARGET", "A target names its rows in exactly one way: row, rows or condition.", at);
  }
  const target: Target =
    t.row !== undefined
      ? { kind: "ids", ids: [t.row] }
      : t.rows !== undefined
        ? { kind: "ids", ids: t.rows }
        : { kind: "filter", selection: { filter: toFilter(t.condition!), scope: "active" }, excludeIds: [] };
  const batch = (operation: BatchInput["operation"]): BatchInput => ({ resource: res.name, target, operation });

  if (t.delete) {
    if (value !== undefined || t.field !== undefined) throw refuse("BAD_REQUEST", "INVALID_TARGET", "A delete takes no field and no value.", at);
    // Soft where the resource has a trash (it can be restored), else the engine's delete (admins only).
    return batch(res.softDelete ? { type: "softDelete", reason: DELETE_REASON } : { type: "hardDelete" });
  }
  if (value === undefined) throw refuse("BAD_REQUEST", "INVALID_VALUE", "Give a value, or delete: true.", at);

  if (t.field !== undefined) {
    const field = fieldFor(res, t.field, index);
    if (isObject(value)) throw refuse("UNPROCESSABLE_CONTENT", "FIELD_TYPE_MISMATCH", `${field.label} takes one value, not an object of fields.`, { index, field: field.name });
    if (Array.isArray(value) && t.rows !== undefined) {
      const rows = t.rows;
      if (value.length !== rows.length) throw refuse("BAD_REQUEST", "INVALID_VALUE", `rows lists ${rows.length} rows and value ${value.length} values: give one value per row.`, at);
      return batch({ type: "updatePerRow", field: field.name, values: rows.map((id, i) => ({ id, value: valueFor(field, value[i], index) })) });
    }
    return batch({ type: "update", changes: [{ op: "set", field: field.name, value: valueFor(field, value, index) }] });
  }
  if (!isObject(value)) throw refuse("BAD_REQUEST", "INVALID_VALUE", "Without a field, the value is an object of the fields to set, such as { price: 99.99 }.", at);
  const entries = Object.entries(value);
  if (entries.length > MAX_FIELD_CHANGES) throw refuse("BAD_REQUEST", "INVALID_VALUE", `One BulkUpdate sets at most ${MAX_FIELD_CHANGES} fields.`, at);
  const changes: FieldChange[] = entries.map(([name, v]) => {
    const field = fieldFor(res, name, index);
    return { op: "set", field: field.name, value: valueFor(field, v, index) };
  });
  return batch({ type: "update", changes });
}

/** An engine refusal of one BulkUpdate, saying which. */
function atIndex(err: unknown, index: number): unknown {
  return err instanceof AppError ? new AppError(err.code, err.message, { ...err.details, index }) : err;
}

async function previewOf(actor: Actor, b: BatchSummary, index: number) {
  const { items, total } = await listItems(actor, { batchId: b.id, page: 1, pageSize: PREVIEW_ROWS });
  return {
    index,
    batchId: b.id,
    operation: b.operation.type,
    state: b.state,
    preview: b.preview,
    // The request's changes, as the seed records them (type, operation, target id, data), with the engine's before and outcome.
    changes: items.map((i) => ({ type: "row", operation: i.action, targetId: i.rowId, outcome: i.outcome, before: i.before, data: i.after, errors: i.errors ?? [] })),
    changesTotal: total,
  };
}

/**
 * The BulkUpdates of one call as previewed batches: every BulkUpdate is checked against the
 * resource's fields first (nothing is created when one is refused), then each is planned; if the
 * engine refuses one, the batches already planned for this call are discarded.
 */
export async function bulkUpdate(actor: Actor, params: { docType: string; docId: string }, url: URL, body: unknown) {
  const res = documentOf(params.docType, params.docId);
  const { requestId } = bulkQuerySchema.parse(Object.fromEntries(url.searchParams));
  if (requestId !== undefined) {
    throw refuse("NOT_FOUND", "REQUEST_NOT_FOUND", `No change request "${requestId}": change requests are not available yet; send the call without requestId to get previewed batches.`);
  }
  const inputs = bulkUpdatesSchema.parse(body).map((u, i) => toBatchInput(res, u, i));
  const planned: BatchSummary[] = [];
  try {
    for (const [i, input] of inputs.entries()) planned.push(await validateBatch(actor, input).catch((err: unknown) => Promise.reject(atIndex(err, i))));
  } catch (err) {
    for (const b of planned) await controlBatch(actor, b.id, "discard");
    throw err;
  }
  const batches = await Promise.all(planned.map((b, i) => previewOf(actor, b, i)));
  const sum = (k: "total" | "willChange" | "unchanged" | "invalid") => planned.reduce((n, b) => n + b.preview[k], 0);
  return {
    success: true,
    data: {
      requestId: null,
      status: "previewed" as const,
      batches,
      summary: { batches: planned.length, total: sum("total"), willChange: sum("willChange"), unchanged: sum("unchanged"), invalid: sum("invalid") },
    },
  };
}
