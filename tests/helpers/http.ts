// Requests to the app's route handlers in this process: the same handlers `next start` serves,
// called with real Request objects, so the HTTP edge (transformer, batching, body limits, origin
// checks, error shapes) is what is tested, not just the procedures behind it.
import superjson from "superjson";
import { setting } from "../../server/config";

/** The origin the app believes it is served from (APP_URL); requests from it pass the origin check. */
export const appOrigin = () => new URL(setting("APP_URL")).origin;

export type HttpReply = { status: number; headers: Headers; text: string; json: unknown };

async function reply(res: Response): Promise<HttpReply> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not every reply is JSON (CSV, zip); `text` has it.
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The wire form tRPC's client sends: superjson's `{ json, meta }`; raw JSON when superjson refuses the value (prototype keys). */
export function encodeInput(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return JSON.stringify({ json: input });
  }
}

type TrpcCall = {
  path: string;
  type: "query" | "mutation";
  /** The input, encoded as the client would; or `raw`, sent as the body / `input` parameter as it is. */
  input?: unknown;
  raw?: string;
  cookie?: string;
  /** Defaults to the app's origin for mutations; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

/** One tRPC call through the real endpoint (`app/api/trpc/[trpc]/route.ts`). */
export async function trpcHttp(call: TrpcCall): Promise<HttpReply> {
  const { GET, POST } = await import("../../app/api/trpc/[trpc]/route");
  const body = call.raw ?? (call.input === undefined ? undefined : encodeInput(call.input));
  const headers = new Headers(call.headers);
  if (call.cookie) headers.set("cookie", call.cookie);
  const origin = call.origin === undefined ? (call.type === "mutation" ? appOrigin() : null) : call.origin;
  if (origin !== null) headers.set("origin", origin);
  const base = `${appOrigin()}/api/trpc/${call.path}`;
  if (call.type === "query") {
    const url = body === undefined ? base : `${base}?input=${encodeURIComponent(body)}`;
    return reply(await GET(new Request(url, { headers })));
  }
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return reply(await POST(new Request(base, { method: "POST", headers, body })));
}

type RouteModule = Record<string, unknown>;
type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Calls the `method` export of a route module with `params`, as Next would (params already decoded). */
export async function routeHttp(mod: RouteModule, method: string, req: Request, params: Record<string, string | string[]> = {}): Promise<HttpReply> {
  const handler = mod[method];
  if (typeof handler !== "function") throw new Error(`the route has no ${method} handler`);
  const call: RouteHandler = (r, c) => Promise.resolve(handler(r, c));
  return reply(await call(req, { params: Promise.resolve(params) }));
}

/** The tRPC error code of a reply (`BAD_REQUEST`, …), or null for a success. */
export function trpcCode(r: HttpReply): string | null {
  const err = (r.json as { error?: { json?: { data?: { code?: string } } } } | null)?.error;
  return err?.json?.data?.code ?? null;
}

/** The tRPC error message of a reply. */
export function trpcMessage(r: HttpReply): string {
  return (r.json as { error?: { json?: { message?: string } } } | null)?.error?.json?.message ?? "";
}

/** The session cookie of the demo user of `role` (or `operator2`), signed in through better-auth. */
export async function cookieAs(who: "admin" | "operator" | "operator2" | "viewer"): Promise<string> {
  const { ensureDemoUsers } = await import("../../server/seed/seed");
  const { DEMO_USERS } = await import("../../server/seed/demo-users");
  const { sessionCookie } = await import("./session");
  await ensureDemoUsers();
  const user = DEMO_USERS.find((u) => u.email.startsWith(`${who}@`))!;
  return sessionCookie(user.email, user.password);
}
