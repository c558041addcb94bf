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

/** How long a download may go without receiving a byte before it fails; MEDIA_FETCH_IDLE_TIMEOUT_MS. */
export function fetchIdleTimeoutMs(): number {
  return setting("MEDIA_FETCH_IDLE_TIMEOUT_MS");
}

/** Refuses a fetch of no files or of more than the per-batch limit. */
export function checkFetchSize(files: number): void {
  if (files === 0) throw new AppError("BAD_REQUEST", "The selection holds no media files you may fetch.");
  const max = maxFilesPerFetch();
  if (files > max) {
    throw new AppError("BAD_REQUEST", `A fetch takes at most ${max} files at once; the selection holds ${files}. Narrow it down and fetch in parts.`, { max, files });
  }
}
