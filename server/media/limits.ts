import { setting } from "../config";
import { AppError } from "../errors";

/** Files one fetch batch may take (MEDIA_FETCH_MAX_FILES). */
export function maxFilesPerFetch(): number {
  return setting("MEDIA_FETCH_MAX_FILES");
}

/**
 * The largest file one download may store (MEDIA_FETCH_MAX_FILE_BYTES, default 1 GiB): files live in
 * PostgreSQL, and a source that never ends must not fill the database.
 */
export function maxFileBytes(): number {
  return setting("MEDIA_FETCH_MAX_FILE_BYTES");
}

/** What keeps one download from running for ever; see the MEDIA_FETCH_* variables. */
export type DownloadLimits = {
  /** No byte for this long fails the download; also the window the minimum rate is measured over. */
  idleMs: number;
  /** Fewer bytes than this per second, on average over a window, fail it; 0: no minimum. */
  minBytesPerSecond: number;
  /** The longest a download may take, however steadily it receives. */
  deadlineMs: number;
};

export function downloadLimits(): DownloadLimits {
  return {
    idleMs: setting("MEDIA_FETCH_IDLE_TIMEOUT_MS"),
    minBytesPerSecond: setting("MEDIA_FETCH_MIN_BYTES_PER_SECOND"),
    deadlineMs: setting("MEDIA_FETCH_MAX_DOWNLOAD_MS"),
  };
}

/** Downloads one worker process runs at once over all its fetches (MEDIA_FETCH_DOWNLOADS_PER_WORKER). */
export function downloadsPerWorker(): number {
  return setting("MEDIA_FETCH_DOWNLOADS_PER_WORKER");
}

/** Refuses a fetch of no files or of more than the per-batch limit. */
export function checkFetchSize(files: number): void {
  if (files === 0) throw new AppError("BAD_REQUEST", "The selection holds no media files you may fetch.");
  const max = maxFilesPerFetch();
  if (files > max) {
    throw new AppError("BAD_REQUEST", `A fetch takes at most ${max} files at once; the selection holds ${files}. Narrow it down and fetch in parts.`, { max, files });
  }
}
