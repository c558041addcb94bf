import { setting } from "../../config";
import { inSlot, PerUserSlots } from "../../http/per-user-slots";

const downloads = PerUserSlots.shared(
  "downloads",
  () => setting("DOWNLOADS_PER_USER"),
  (limit) => `You already have ${limit} downloads running; wait for one to finish, then try again.`,
);

/**
 * Serves one download (a stored file, a zip, a results CSV) within the user's DOWNLOADS_PER_USER:
 * each streams for as long as its reader is slow, so they are counted until the body ends, in
 * PostgreSQL, so the cap holds over every web process (server/http/per-user-slots.ts).
 */
export function asUserDownload(userId: string, handler: () => Promise<Response>): Promise<Response> {
  return inSlot(downloads, userId, handler);
}

/** Downloads `userId` has streaming now, over every web process (for tests). */
export function userDownloadsInUse(userId: string): Promise<number> {
  return downloads.inUse(userId);
}
