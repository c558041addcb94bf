import { z } from "zod";
import { EXPORT_FORMATS } from "../../contracts/exports";
import { FETCH_CONCURRENCY } from "../../contracts/media";
import { nullableTimestamp, page, timestamp, userRef } from "./common";

const exportItem = z
  .strictObject({
    batchId: z.uuid(),
    status: z.enum(["queued", "running", "ready", "expired", "deleted", "failed", "cancelled"]),
    resource: z.string(),
    format: z.string(),
    name: z.string().nullable(),
    rows: z.number().int().nullable(),
    processed: z.number().int(),
    total: z.number().int(),
    size: z.number().nullable(),
    fileId: z.uuid().nullable(),
    createdBy: userRef,
    createdAt: timestamp,
    finishedAt: nullableTimestamp,
    expiresAt: nullableTimestamp,
    lastError: z.string().nullable(),
  })
  .meta({ id: "Export" });

export const exportOutput = exportItem;
export const exportListOutput = page("exports", exportItem).meta({ id: "ExportList" });
export const exportOptionsOutput = z.strictObject({ formats: z.array(z.enum(EXPORT_FORMATS)), mayIncludeSensitive: z.boolean(), maxRows: z.number().int() });

export const fetchItemsOutput = page(
  "items",
  z.strictObject({
    seq: z.number().int(),
    mediaFileId: z.number().int(),
    name: z.string().nullable(),
    sourceUrl: z.string(),
    state: z.string(),
    bytes: z.number(),
    totalBytes: z.number().nullable(),
    bytesPerSecond: z.number().nullable(),
    storedFileId: z.uuid().nullable(),
    error: z.strictObject({ message: z.string() }).nullable(),
    startedAt: nullableTimestamp,
    finishedAt: nullableTimestamp,
  }),
).meta({ id: "FetchItems" });

export const fetchOptionsOutput = z.strictObject({
  maxFiles: z.number().int(),
  concurrency: z.strictObject({ min: z.literal(FETCH_CONCURRENCY.min), max: z.literal(FETCH_CONCURRENCY.max), default: z.number().int() }),
});
