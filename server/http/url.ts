/**
 * True when every %-escape of a URL path decodes to UTF-8. Next decodes a route's dynamic segments
 * itself and answers a malformed one (`/api/files/%FF`, a lone surrogate as `%ED%A0%80`) with a
 * bare 500 before any handler runs, so proxy.ts refuses such paths first, as the 400 they are.
 */
export function decodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
