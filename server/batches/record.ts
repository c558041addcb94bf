import type { Role } from "../auth/roles";
import type { BatchKind, BatchOptions, BatchOrigin, BatchState } from "../contracts/batch";

/** A `batches` row as the kernel and the runners read it (what services need, not every column). */
export type BatchRecord = {
  id: string;
  kind: BatchKind;
  origin: BatchOrigin;
  parentId: string | null;
  state: BatchState;
  resource: string;
  createdById: string;
  operation: unknown;
  target: unknown;
  options: BatchOptions;
  totalItems: number;
  invalidPlanned: number;
  chunkCount: number;
  fieldsTouched: string[];
  /** The role its dry run was planned with (row batches); null before the preview and for other kinds. */
  plannedRole: Role | null;
  /** When an admin's cleanup removed its per-row data (server/batches/purge.ts); null while it has them. */
  rowsPurgedAt: Date | null;
  /** The batch job (seed 003) it is operation `jobIndex` of; null for a batch on its own. */
  jobId: string | null;
  jobIndex: number | null;
  createdAt: Date;
};

/** The SELECT list for `BatchRecord` over alias `b`. */
export const RECORD_COLUMNS = `b.id, b.kind, b.origin, b.parent_id AS "parentId", b.state, b.resource, b.created_by_id AS "createdById",
  b.operation, b.target, b.options, b.total_items AS "totalItems", b.invalid_planned AS "invalidPlanned", b.chunk_count AS "chunkCount",
  b.fields_touched AS "fieldsTouched", b.planned_role AS "plannedRole",
  b.rows_purged_at AS "rowsPurgedAt", b.job_id AS "jobId", b.job_index AS "jobIndex", b.created_at AS "createdAt"`;

/** The counters every event records, as a jsonb expression over alias `b`. */
export const COUNTS_JSON = `jsonb_build_object('total', b.total_items, 'processed', b.processed, 'succeeded', b.succeeded, 'unchanged', b.unchanged,
  'invalid', b.invalid, 'conflicts', b.conflicts, 'failed', b.failed)`;
