// Calls to the REST API (/api/v1) through its real route module, in this process.
import { appOrigin, routeHttp, type HttpReply } from "./http";

type RestCall = { cookie?: string; token?: string; body?: unknown; headers?: Record<string, string>; origin?: string | null };

/** `method` on `/api/v1` + `path` (with its query string), as a script (token) or the console (cookie) sends it. */
export async function rest(method: string, path: string, call: RestCall = {}): Promise<HttpReply> {
  const mod = await import("../../app/api/v1/[...path]/route");
  const headers = new Headers(call.headers);
  if (call.cookie) headers.set("cookie", call.cookie);
  if (call.token) headers.set("authorization", `Bearer ${call.token}`);
  const origin = call.origin === undefined ? (call.cookie && method !== "GET" ? appOrigin() : null) : call.origin;
  if (origin) headers.set("origin", origin);
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === "string" ? call.body : JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const url = new URL(`/api/v1${path}`, appOrigin());
  const segments = url.pathname.slice("/api/v1/".length).split("/").map(decodeURIComponent);
  return routeHttp(mod, method, new Request(url, { method, headers, body }), { path: segments });
}

/** The error code of a REST error reply. */
export const restCode = (r: HttpReply): string | null => (r.json as { error?: { code?: string } } | null)?.error?.code ?? null;
