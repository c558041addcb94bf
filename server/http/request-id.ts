import crypto from "node:crypto";

const SAFE = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The request's id for logs and error bodies: the caller's `X-Request-Id` when it is a sane token
 * (so a proxy's or a script's id follows the request), else a fresh one.
 */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && SAFE.test(given) ? given : crypto.randomUUID();
}
