import { AppError } from "../errors";

/** JSON bodies of route handlers are small (ids, options); bigger data goes through tRPC or uploads. */
export const DEFAULT_JSON_LIMIT = 64 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes`, refusing other content types, a declared length
 * over the limit before reading anything, and a body that grows past it while streaming (a missing
 * or false Content-Length cannot make the server buffer more).
 */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) throw new AppError("BAD_REQUEST", "The request has no body.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${Math.round(maxBytes / 1024)} KB.`, { limit: maxBytes });
}
