import type { Actor } from "../auth/actor";
import { canDownload } from "../auth/policy";
import { isUuid } from "../contracts/ids";
import { pool } from "../db";
import { AppError } from "../errors";
import type { FileKind, FileState } from "./constants";

export type StoredFileInfo = {
  id: string;
  kind: FileKind;
  state: FileState;
  name: string;
  mime: string;
  format: string | null;
  resource: string | null;
  size: number;
  rowCount: number | null;
  sha256: string | null;
  createdById: string;
  batchId: string | null;
  /** Whoever started the file's batch (the file's creator when it has none): they and admins may download it. */
  ownerId: string;
  createdAt: Date;
  readyAt: Date | null;
  expiresAt: Date | null;
  expired: boolean;
};

/** A file whose bytes are gone because it expired: downloads answer 410 Gone rather than 404. */
function expired(file: Pick<StoredFileInfo, "name" | "expiresAt">): AppError {
  const on = file.expiresAt ? ` on ${file.expiresAt.toISOString().slice(0, 10)}` : "";
  return new AppError("GONE", `"${file.name}" expired${on} and was deleted. Run the export again to get a fresh copy.`);
}

const SELECT_FILE = `
  SELECT f.id, f.kind, f.state, f.name, f.mime, f.format, f.resource, f.size, f.row_count AS "rowCount", f.sha256,
    f.created_by_id AS "createdById", f.batch_id AS "batchId", coalesce(b.created_by_id, f.created_by_id) AS "ownerId",
    f.created_at AS "createdAt", f.ready_at AS "readyAt", f.expires_at AS "expiresAt",
    (f.state = 'expired' OR (f.expires_at IS NOT NULL AND f.expires_at <= now())) AS expired
  FROM stored_files f LEFT JOIN batches b ON b.id = f.batch_id`;

/** The files with these ids (any state), in no particular order; malformed ids match nothing. */
export async function findFiles(ids: string[]): Promise<StoredFileInfo[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  const { rows } = await pool().query<StoredFileInfo>(`${SELECT_FILE} WHERE f.id = ANY($1::uuid[])`, [valid]);
  return rows;
}

/**
 * The files `actor` asked for, each ready to stream. Missing, unfinished and other people's files
 * are all "not found" (no hint that a file exists); an expired one is GONE.
 */
export async function downloadableFiles(actor: Pick<Actor, "id" | "role">, ids: string[]): Promise<StoredFileInfo[]> {
  const unique = [...new Set(ids)];
  const found = new Map((await findFiles(unique)).map((f) => [f.id, f]));
  return unique.map((id) => {
    const file = found.get(id.toLowerCase()) ?? found.get(id);
    if (!file || !canDownload(actor, file) || file.state === "writing") throw new AppError("NOT_FOUND", "No such file.");
    if (file.expired) throw expired(file);
    return file;
  });
}
