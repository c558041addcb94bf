import { MAX_TRPC_BODY_BYTES } from "../contracts/transport";
import { AppError, toTRPCError } from "../errors";
import { limitedRequest } from "./body";
import { assertSameOrigin } from "./origin";

/**
 * What the tRPC endpoint checks before any procedure runs, answered in tRPC's own error shape: a
 * mutation (tRPC takes them only as POST) must come from a trusted origin, and must be JSON. tRPC's
 * adapter would also take multipart/form-data and octet-stream bodies, which a plain HTML form on
 * any site can send; no procedure here takes either.
 */
export function assertTrpcRequest(req: Request): void {
  try {
    if (req.method !== "POST") return;
    const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send tRPC calls as application/json.");
    assertSameOrigin(req);
  } catch (err) {
    throw toTRPCError(err);
  }
}

/** The request with its body capped at MAX_TRPC_BODY_BYTES; past it, the call fails with PAYLOAD_TOO_LARGE (413). */
export function limitTrpcBody(req: Request): Request {
  return limitedRequest(req, MAX_TRPC_BODY_BYTES, toTRPCError);
}
