import { Readable } from "node:stream";
import type { StoredFileInfo } from "../files";
import { fileBytes } from "../reader";
import { contentDisposition } from "./disposition";
import { parseRange } from "./range";

/** A web stream over a byte range of a stored file, pulled one part at a time. */
export function fileStream(fileId: string, start: number, end: number): ReadableStream<Uint8Array> {
  if (end < start) return new ReadableStream({ start: (c) => c.close() });
  return Readable.toWeb(Readable.from(fileBytes(fileId, start, end))) as ReadableStream<Uint8Array>;
}

/**
 * The response for GET/HEAD of a ready file: Content-Disposition, Content-Length, a strong ETag
 * (its SHA-256), conditional requests (If-None-Match → 304, If-Range) and one byte range (206, 416).
 */
export function fileResponse(req: Request, file: StoredFileInfo): Response {
  const etag = `"${file.sha256}"`;
  const headers = new Headers({
    "content-type": file.mime,
    "content-disposition": contentDisposition(file.name),
    etag,
    "last-modified": (file.readyAt ?? file.createdAt).toUTCString(),
    "accept-ranges": "bytes",
    "cache-control": "private, no-cache",
    "x-content-type-options": "nosniff",
  });
  const ifNoneMatch = req.headers.get("if-none-match");
  // If-None-Match compares weakly (RFC 9110 §13.1.2): a W/ copy of our tag matches it too.
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  // If-Range: resume only when the client's copy is this exact file; otherwise send it whole.
  const ifRange = req.headers.get("if-range");
  const range = ifRange && ifRange !== etag ? { kind: "full" as const } : parseRange(req.headers.get("range"), file.size);
  const head = req.method === "HEAD";
  if (range.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, file.size - 1];
  headers.set("content-length", String(end - start + 1));
  if (range.kind === "partial") headers.set("content-range", `bytes ${start}-${end}/${file.size}`);
  return new Response(head ? null : fileStream(file.id, start, end), { status: range.kind === "partial" ? 206 : 200, headers });
}
