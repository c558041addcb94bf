// Kept apart from request-actor.ts (which reaches the database) so the origin check can ask it too.

/** The credential of an `Authorization: Bearer …` header; null when there is no such header. */
export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer(?:[ \t]+(.*))?$/i.exec(headers.get("authorization") ?? "");
  return match ? (match[1] ?? "").trim() : null;
}
