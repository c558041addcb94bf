import type { z } from "zod";
import { exportListSchema } from "../contracts/queries";
import type { Actor } from "../auth/actor";
import { assertCanSeeBatch, batchOwnerFilter, canDownload } from "../auth/policy";
import { pool } from "../db";
import { AppError } from "../errors";
import { audit } from "../audit/audit";
import { findFiles } from "../storage/files";
import { withTransaction } from "../sql/tx";
import { deleteFile } from "../storage/writer";
import type { ExportFormat } from "../contracts/exports";

/** What the exports table shows for one export: queued/running (with progress), ready, expired, deleted (by a user), failed or cancelled. */
export type ExportStatus = "queued" | "running" | "ready" | "expired" | "deleted" | "failed" | "cancelled";

type Row = {
  batchId: string;
  createdById: string;
  batchState: string;
  resource: string;
  format: ExportFormat;
  name: string;
  total: number;
  processed: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  createdByName: string;
  createdByEmail: string;
  fileId: string | null;
  size: number | null;
  rowCount: number | null;
  expiresAt: Date | null;
  expired: boolean | null;
};

function statusOf(r: Row): ExportStatus {
  if (r.fileId) return r.expired ? "expired" : "ready";
  if (r.batchState === "queued") return "queued";
  if (r.batchState === "running" || r.batchState === "paused") return "running";
  if (r.batchState === "completed") return "deleted";
  return r.batchState === "cancelled" ? "cancelled" : "failed";
}

const SELECT = `
  SELECT b.id AS "batchId", b.created_by_id AS "createdById", b.state AS "batchState", b.resource, b.operation->>'format' AS format,
    coalesce(f.name, b.operation->>'fileName') AS name, b.total_items AS total, b.processed, b.last_error AS "lastError",
    b.created_at AS "createdAt", b.finished_at AS "finishedAt", u.name AS "createdByName", u.email AS "createdByEmail",
    f.id AS "fileId", f.size, f.row_count AS "rowCount", f.expires_at AS "expiresAt",
    (f.state = 'expired' OR f.expires_at <= now()) AS expired
  FROM batches b JOIN users u ON u.id = b.created_by_id
  LEFT JOIN LATERAL (SELECT * FROM stored_files f WHERE f.batch_id = b.id AND f.state IN ('ready', 'expired') ORDER BY f.created_at DESC LIMIT 1) f ON TRUE`;

function present(r: Row) {
  return {
    batchId: r.batchId,
    status: statusOf(r),
    resource: r.resource,
    format: r.format,
    name: r.name,
    rows: r.rowCount ?? r.total,
    processed: r.processed,
    total: r.total,
    size: r.size,
    fileId: r.fileId,
    createdBy: { name: r.createdByName, email: r.createdByEmail },
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    expiresAt: r.expiresAt,
    lastError: r.lastError,
  };
}
export type ExportListItem = ReturnType<typeof present>;

/** Exports the user may see (their own; every one for admins), newest first, each with its file once written. */
export async function listExports(actor: Actor, input: z.input<typeof exportListSchema>) {
  const q = exportListSchema.parse(input);
  const where = `b.kind = 'export' AND ($1::text IS NULL OR b.created_by_id = $1)`;
  const owner = batchOwnerFilter(actor) ?? null;
  const [rows, count] = await Promise.all([
    pool().query<Row>(`${SELECT} WHERE ${where} ORDER BY b.created_at DESC, b.id LIMIT $2 OFFSET $3`, [owner, q.pageSize, (q.page - 1) * q.pageSize]),
    pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM batches b WHERE ${where}`, [owner]),
  ]);
  return { exports: rows.rows.map(present), total: count.rows[0]!.n, page: q.page, pageSize: q.pageSize };
}

/** The export of one batch (for the batch page's download button); NOT_FOUND when the batch is not the user's. */
export async function exportOfBatch(actor: Actor, batchId: string) {
  const { rows } = await pool().query<Row>(
    `${SELECT} WHERE b.id = $1 AND b.kind = 'export'`,
    [batchId],
  );
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "No such export.");
  assertCanSeeBatch(actor, row.createdById);
  return present(row);
}

/** Deletes an export's file (its batch stays, for the record); creator or admin only. */
export async function deleteExportFile(actor: Actor, fileId: string): Promise<void> {
  const [file] = await findFiles([fileId]);
  if (!file || file.kind !== "export" || !canDownload(actor, file)) throw new AppError("NOT_FOUND", "No such file.");
  if (file.state === "writing") throw new AppError("CONFLICT", "This file is still being written. Cancel its export instead.");
  // The entry commits with the delete, or neither happens.
  await withTransaction(async (client) => {
    await deleteFile(file.id, client);
    await audit({ actor, action: "export.delete_file", resource: file.resource, batchId: file.batchId, details: { fileId: file.id, name: file.name } }, client);
  });
}
