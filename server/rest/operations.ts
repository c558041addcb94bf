import type { z } from "zod";
import { batchItemsOutput, batchListOutput, batchSummaryOutput } from "./outputs/batches";
import { exportListOutput, exportOptionsOutput, exportOutput, fetchItemsOutput, fetchOptionsOutput } from "./outputs/exports-media";
import { resourceCountOutput, resourceListOutput, resourceQueryOutput, resourcesMetaOutput } from "./outputs/resources";
import { rowHistoryOutput } from "./outputs/history";
import { meOutput } from "./outputs/system";
import { approvalListOutput, approvalOutput, approvalRuleListOutput, approvalRuleOutput, deletedRuleOutput } from "./outputs/approvals";

// The public REST API (/api/v1): each operation is a tRPC procedure of the console's router, called
// with the same input schema, middleware, policy and audit — this table only says where it lives in
// HTTP. The OpenAPI document (openapi.ts) and the dispatcher (dispatch.ts) are both generated from
// it, so neither can describe or serve something the other does not.

export type HttpMethod = "GET" | "POST";

export type ProcedureOperation = {
  operationId: string;
  method: HttpMethod;
  /** Path under /api/v1 with `{param}` segments; each param is a key of the procedure's input. */
  path: `/${string}`;
  /** The procedure's path in the app router. */
  procedure: string;
  tag: string;
  summary: string;
  description?: string;
  output: z.ZodType;
  /** 201 for calls that create a batch. */
  successStatus?: 200 | 201;
  /** Creates something: takes an `Idempotency-Key`. */
  creates?: boolean;
  /** Fixed input merged under path params and the body (e.g. the control action). */
  fixedInput?: Record<string, unknown>;
  /** Accepts `?wait=SECONDS` and answers once the batch has finished or the time is up. */
  waitable?: boolean;
};

const batchTag = "Batches";

export const PROCEDURE_OPERATIONS: ProcedureOperation[] = [
  { operationId: "getMe", method: "GET", path: "/me", procedure: "me.get", tag: "Account", summary: "Who the token (or session) acts as", output: meOutput },
  { operationId: "listResources", method: "GET", path: "/resources", procedure: "resources.list", tag: "Resources", summary: "The resources batches can act on", output: resourceListOutput },
  {
    operationId: "getResourcesMeta",
    method: "GET",
    path: "/resources/meta",
    procedure: "resources.meta",
    tag: "Resources",
    summary: "Fields, types, status transitions and the operations your role may run, per resource",
    output: resourcesMetaOutput,
  },
  {
    operationId: "queryResource",
    method: "POST",
    path: "/resources/{resource}/query",
    procedure: "resources.query",
    tag: "Resources",
    summary: "One page of a resource's rows matching a selection (filter, search, scope)",
    output: resourceQueryOutput,
  },
  {
    operationId: "countResource",
    method: "POST",
    path: "/resources/{resource}/count",
    procedure: "resources.count",
    tag: "Resources",
    summary: "How many rows a selection matches",
    output: resourceCountOutput,
  },
  {
    operationId: "getRowHistory",
    method: "GET",
    path: "/resources/{resource}/{id}/history",
    procedure: "resources.history",
    tag: "Resources",
    summary: "A record's history: every batch that touched the row, newest first, with before → after per field",
    description: "Another user's batches (for a non-admin) come with limited detail: when, the operation type, the result and the fields, not the batch, who or the values.",
    output: rowHistoryOutput,
  },
  {
    operationId: "validateBatch",
    method: "POST",
    path: "/batches/validate",
    procedure: "batch.validate",
    tag: batchTag,
    summary: "Dry run: plan a batch and return its preview (nothing is written to the rows)",
    description: "The batch is kept in state `previewed`; read every row's before → after with GET /batches/{batchId}/items, then commit it.",
    output: batchSummaryOutput,
    successStatus: 201,
    creates: true,
  },
  {
    operationId: "runBatch",
    method: "POST",
    path: "/batches",
    procedure: "batch.execute",
    tag: batchTag,
    summary: "Validate and commit a batch in one call",
    description: "With `?wait=SECONDS` (at most 60) the answer comes once the batch has finished or the time is up.",
    output: batchSummaryOutput,
    successStatus: 201,
    creates: true,
    waitable: true,
  },
  {
    operationId: "commitBatch",
    method: "POST",
    path: "/batches/{batchId}/commit",
    procedure: "batch.execute",
    tag: batchTag,
    summary: "Commit a previewed batch",
    output: batchSummaryOutput,
    waitable: true,
  },
  {
    operationId: "listBatches",
    method: "GET",
    path: "/batches",
    procedure: "batch.list",
    tag: batchTag,
    summary: "Batches you may see, newest first",
    output: batchListOutput,
  },
  {
    operationId: "getBatch",
    method: "GET",
    path: "/batches/{batchId}",
    procedure: "batch.status",
    tag: batchTag,
    summary: "A batch's state, preview, progress and allowed actions",
    description: "With `?wait=SECONDS` (at most 60) the answer comes once the batch has finished or the time is up: a small batch can be run synchronously.",
    output: batchSummaryOutput,
    waitable: true,
  },
  {
    operationId: "listBatchItems",
    method: "GET",
    path: "/batches/{batchId}/items",
    procedure: "batch.items",
    tag: batchTag,
    summary: "Per-row preview (before → after, errors) and results",
    output: batchItemsOutput,
  },
  ...(
    [
      ["pauseBatch", "pause", "pause", "Pause a running batch (the chunk in flight finishes)"],
      ["resumeBatch", "resume", "resume", "Resume a paused batch"],
      ["cancelBatch", "cancel", "cancel", "Cancel a batch; rows already written stay (revert them with revert)"],
      ["discardBatch", "discard", "discard", "Discard a previewed batch"],
      ["retryFailedRows", "retry-failed", "retryFailed", "A new batch with only the rows that failed or conflicted"],
      ["revertBatch", "revert", "revert", "A new batch putting back what the batch changed, from its before-images"],
    ] as const
  ).map(
    ([operationId, segment, procedure, summary]): ProcedureOperation => ({
      operationId,
      method: "POST",
      path: `/batches/{batchId}/${segment}`,
      procedure: `batch.${procedure}`,
      tag: batchTag,
      summary,
      output: batchSummaryOutput,
      ...(procedure === "retryFailed" || procedure === "revert" ? { successStatus: 201 as const, creates: true } : {}),
    }),
  ),
  {
    operationId: "revertBatchRow",
    method: "POST",
    path: "/batches/{batchId}/rows/{rowId}/revert",
    procedure: "batch.revertRow",
    tag: batchTag,
    summary: "A one-row batch putting back that row's before-image from this batch, previewed (a row changed since is a conflict)",
    output: batchSummaryOutput,
    successStatus: 201,
    creates: true,
  },
  {
    operationId: "createExport",
    method: "POST",
    path: "/exports",
    procedure: "exports.create",
    tag: "Exports",
    summary: "Start an export (CSV, XLSX, JSON) of a selection; download its file when ready",
    output: batchSummaryOutput,
    successStatus: 201,
    creates: true,
    waitable: true,
  },
  { operationId: "listExports", method: "GET", path: "/exports", procedure: "exports.list", tag: "Exports", summary: "Exports you may see, with their files", output: exportListOutput },
  { operationId: "getExportOptions", method: "GET", path: "/exports/options", procedure: "exports.options", tag: "Exports", summary: "Formats and limits open to you", output: exportOptionsOutput },
  { operationId: "getExport", method: "GET", path: "/exports/{batchId}", procedure: "exports.ofBatch", tag: "Exports", summary: "One export and its file", output: exportOutput },
  {
    operationId: "createMediaFetch",
    method: "POST",
    path: "/media/fetches",
    procedure: "media.fetch",
    tag: "Media",
    summary: "Download media files from their source URLs into storage, in a batch",
    output: batchSummaryOutput,
    successStatus: 201,
    creates: true,
  },
  {
    operationId: "listMediaFetchFiles",
    method: "GET",
    path: "/media/fetches/{batchId}/files",
    procedure: "media.fetchItems",
    tag: "Media",
    summary: "Per-file state, bytes and speed of a fetch",
    output: fetchItemsOutput,
  },
  { operationId: "getMediaOptions", method: "GET", path: "/media/options", procedure: "media.fetchOptions", tag: "Media", summary: "Fetch limits", output: fetchOptionsOutput },
  {
    operationId: "listApprovalRules",
    method: "GET",
    path: "/approval-rules",
    procedure: "approvals.rules",
    tag: "Approvals",
    summary: "The rules that make a previewed batch need someone else's approval",
    output: approvalRuleListOutput,
  },
  {
    operationId: "createApprovalRule",
    method: "POST",
    path: "/approval-rules",
    procedure: "approvals.createRule",
    tag: "Approvals",
    summary: "Add an approval rule (admins): by resource, operation, status changed to, rows changing, requester's role, sensitive fields",
    output: approvalRuleOutput,
    successStatus: 201,
    creates: true,
  },
  {
    operationId: "updateApprovalRule",
    method: "POST",
    path: "/approval-rules/{ruleId}",
    procedure: "approvals.updateRule",
    tag: "Approvals",
    summary: "Change an approval rule (admins)",
    output: approvalRuleOutput,
  },
  {
    operationId: "deleteApprovalRule",
    method: "POST",
    path: "/approval-rules/{ruleId}/delete",
    procedure: "approvals.deleteRule",
    tag: "Approvals",
    summary: "Delete an approval rule (admins)",
    output: deletedRuleOutput,
  },
  {
    operationId: "listApprovals",
    method: "GET",
    path: "/approvals",
    procedure: "approvals.list",
    tag: "Approvals",
    summary: "Requests for approval: those you may decide (view=toDecide), yours (mine), or all you may see",
    output: approvalListOutput,
  },
  {
    operationId: "getBatchApproval",
    method: "GET",
    path: "/batches/{batchId}/approval",
    procedure: "approvals.get",
    tag: "Approvals",
    summary: "A batch's approval: the rules it matches, its request, the votes, and whether you may decide",
    output: approvalOutput,
  },
  {
    operationId: "requestBatchApproval",
    method: "POST",
    path: "/batches/{batchId}/approval/request",
    procedure: "approvals.request",
    tag: "Approvals",
    summary: "Send a previewed batch that matches a rule for approval (it waits in awaiting_approval)",
    description: "`autoCommit: true` commits it on your behalf as soon as it is approved.",
    output: approvalOutput,
  },
  {
    operationId: "decideBatchApproval",
    method: "POST",
    path: "/batches/{batchId}/approval/decide",
    procedure: "approvals.decide",
    tag: "Approvals",
    summary: "Approve or reject a batch waiting for approval (not your own; you must be allowed to run it yourself)",
    output: approvalOutput,
  },
];
