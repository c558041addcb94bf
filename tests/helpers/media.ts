// Helpers for the media fetch tests: a local file server, media rows pointing at it, and reads of
// what a fetch recorded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pool } from "../../server/db";
import { logger } from "../../server/logger";
import { runMediaFetch } from "../../server/media/run";

export type FileServer = { base: string; close: () => Promise<void> };

/** Starts an HTTP server on a free loopback port. */
export async function fileServer(handle: http.RequestListener): Promise<FileServer> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Inserts media files owned by `ownerId` pointing at `base` + each path; returns their ids in order. */
export async function mediaFiles(base: string, paths: string[], ownerId: string): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO media_files (name, source_url, owner_id) SELECT 'file-' || p.n, $2 || p.path, $1
     FROM unnest($3::text[]) WITH ORDINALITY AS p(path, n) RETURNING id`,
    [ownerId, base, paths],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export type MediaRow = { id: number; download_state: string; size_bytes: number | null; mime_type: string | null; stored_file_id: string | null; version: number };

export async function mediaRow(id: number): Promise<MediaRow> {
  const { rows } = await pool().query<MediaRow>("SELECT id, download_state, size_bytes, mime_type, stored_file_id, version FROM media_files WHERE id = $1", [id]);
  return rows[0]!;
}

export type FetchRow = { seq: number; state: string; bytes: number; error: { message: string } | null; stored_file_id: string | null; prior_download_state: string | null };

/** A fetch's media_fetches rows in selection order. */
export async function fetchRows(batchId: string): Promise<FetchRow[]> {
  const { rows } = await pool().query<FetchRow>(
    "SELECT seq, state, bytes, error, stored_file_id, prior_download_state FROM media_fetches WHERE batch_id = $1 ORDER BY seq",
    [batchId],
  );
  return rows;
}

/** Runs a fetch batch to its end in this process, as the worker's job would. */
export function runFetchNow(batchId: string, opts: Parameters<typeof runMediaFetch>[2] = {}): Promise<void> {
  return runMediaFetch(batchId, logger, { progressIntervalMs: 100, ...opts });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
