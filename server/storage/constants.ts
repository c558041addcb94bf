/** Every part of a stored file holds exactly this many bytes except the last, so offsets map to parts by division. */
export const PART_SIZE = 1024 * 1024;

export const FILE_KINDS = ["export", "result", "media"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** writing: bytes going in, invisible; ready: downloadable; expired: bytes deleted, row kept for 410. */
export const FILE_STATES = ["writing", "ready", "expired"] as const;
export type FileState = (typeof FILE_STATES)[number];
