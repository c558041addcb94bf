import type { ApiScope } from "@/server/contracts/scopes";

/** What each scope lets a script do, in the console's words. */
export const SCOPE_LABELS: Record<ApiScope, { label: string; description: string }> = {
  read: { label: "Read", description: "Resources, batches and their status, items and results" },
  exports: { label: "Exports", description: "Start exports and download their files" },
  batches: { label: "Batches", description: "Preview, run, pause, cancel, retry and revert batches" },
  media: { label: "Media", description: "Fetch media files into storage and download them" },
  admin: { label: "Admin", description: "Everything above, plus the audit log and system checks" },
};
