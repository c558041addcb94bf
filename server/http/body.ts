import { plainJsonIssue } from "../contracts/plain-json";
import { AppError, inputIssueError } from "../errors";

/** JSON bodies of route handlers are small (ids, options); bigger data goes through tRPC or uploads. */
export const DEFAULT_JSON_LIMIT = 64 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes`, refusing other content types, a declared length
 * over the limit before reading anything, a body that grows past it while streaming (a missing
 * or false Content-Length cannot make the server buffer more), and JSON that is not plain and
 * storable (NUL bytes, unpaired surrogates, prototype keys: contracts/plain-json).
 */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  if (declaredLength(req) > maxBytes) throw tooLarge(maxBytes);
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
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
  const issue = plainJsonIssue(body);
  if (issue) throw inputIssueError(issue);
  return body;
}

/**
 * The same request with a body that fails once more than `maxBytes` have been read (at once when
 * its Content-Length already says so), for readers that consume the body themselves (tRPC's fetch
 * adapter has no size limit). `refusal` turns the limit's AppError into what that reader reports.
 */
export function limitedRequest(req: Request, maxBytes: number, refusal: (err: AppError) => Error = (e) => e): Request {
  if (!req.body) return req;
  const source = req.body;
  const declaredTooLarge = declaredLength(req) > maxBytes;
  let size = 0;
  const counted = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        if (declaredTooLarge) controller.error(refusal(tooLarge(maxBytes)));
      },
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes) controller.error(refusal(tooLarge(maxBytes)));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(req, { body: counted, duplex: "half" } as RequestInit);
}

function declaredLength(req: Request): number {
  const declared = Number(req.headers.get("content-length") ?? "");
  return Number.isFinite(declared) ? declared : 0;
}

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${size}.`, { limit: maxBytes });
}
