/**
 * Calls one batched tRPC request may carry. The console's batch link sends at most this many, so a
 * bigger batch is a client the console is not, and is refused before any call runs.
 */
export const MAX_TRPC_BATCH = 25;

/**
 * Bytes one tRPC request body may have: a CSV of 100,000 rows (the item limit) of typical width is
 * 15–40 MB as JSON, so 64 MiB fits every batch the console can compose with room to spare.
 */
export const MAX_TRPC_BODY_BYTES = 64 * 1024 * 1024;

/** Longest URL the console's batch link builds; past it, it splits the batch (Node refuses request heads over 16 KB). */
export const MAX_TRPC_URL_LENGTH = 8_000;
