/**
 * What an API token may be used for. A token never reaches wider than its owner's role: an
 * operator's `batches` token still touches only that operator's rows.
 */
export const API_SCOPES = ["read", "batches", "exports", "media", "admin"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
