// The seeds' scripts call paths ending in a slash (`/api/vessel-info/bulk-create/`, Django style).
// Next answers such a path with a 308 to the path without it, which some clients do not follow for
// a PATCH or DELETE with a body, or follow without their Authorization header. Under the seeds'
// prefixes the slash is dropped before Next sees the request, so the route answers directly.
const SEED_PREFIXES = ["/api/vessel-info/"];

/** `url` (a request target: path and query) without the trailing slash of a seed path. */
export function withoutSeedTrailingSlash(url: string): string {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.endsWith("/") || !SEED_PREFIXES.some((p) => path.startsWith(p) && path.length > p.length)) return url;
  return path.replace(/\/+$/, "") + (q === -1 ? "" : url.slice(q));
}
