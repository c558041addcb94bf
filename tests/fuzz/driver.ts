// The fuzz, shared by the suite (tests/fuzz/fuzz.integration.test.ts, handlers called in process)
// and `npm run fuzz` (scripts/fuzz.ts, a started app over HTTP): which requests to make, how to
// send them, and how to tell whether the domain's rows changed.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import superjson from "superjson";
import type { AppRouter } from "../../server/trpc/router";
import { hostileValue, inputArbitrary } from "./arbitraries";
import { proceduresOf, type ProcedureInfo } from "./procedures";

export const ROLES = ["anonymous", "viewer", "operator", "admin"] as const;
export type FuzzRole = (typeof ROLES)[number];

/** One route handler file under app/api: its URL pattern, its dynamic segments and the methods it exports. */
export type RouteInfo = { file: string; pattern: string; params: { name: string; catchAll: boolean }[]; methods: string[] };

/** A request the fuzz makes: to a route file, as a role. */
export type FuzzRequest = { role: FuzzRole; route: RouteInfo; method: string; url: string; params: Record<string, string | string[]>; headers: Record<string, string>; body?: string };
export type FuzzReply = { status: number; text: string };
export type Sender = (req: FuzzRequest) => Promise<FuzzReply>;

const ROOT = path.resolve(import.meta.dirname, "../..");
// `export const GET =`, `export async function GET`, `export const { GET, POST } =`, `export { handler as GET }`.
const METHOD_EXPORT = /export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD)\b|export\s+(?:const\s*)?\{([^}]*)\}/g;

/** Every route handler under app/api, read from the files (so a new route is fuzzed too). */
export function routesOf(dir = path.join(ROOT, "app/api")): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name !== "route.ts") continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(path.join(ROOT, "app"), entry.parentPath).split(path.sep);
    const params = rel.filter((s) => s.startsWith("[")).map((s) => ({ name: s.replace(/^\[(\.\.\.)?|\]$/g, ""), catchAll: s.startsWith("[...") }));
    const methods = new Set<string>();
    for (const m of fs.readFileSync(file, "utf8").matchAll(METHOD_EXPORT)) {
      if (m[1]) methods.add(m[1]);
      for (const name of (m[2] ?? "").split(",").map((s) => s.trim().split(/\s+as\s+/).pop()!)) if (/^(GET|POST|PUT|PATCH|DELETE|HEAD)$/.test(name)) methods.add(name);
    }
    out.push({ file, pattern: `/${rel.join("/")}`, params, methods: [...methods].sort() });
  }
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * Procedures the fuzz calls. Subscriptions are left out: a valid one is a stream that never ends
 * (the fuzz would wait on it), and their input goes through the same transformer, middleware and
 * schemas as a query's (bad-input.integration.test.ts checks a subscription's refusal).
 */
export function fuzzedProcedures(router: AppRouter): ProcedureInfo[] {
  return proceduresOf(router).filter((p) => p.type !== "subscription");
}

/** The wire form of a tRPC input: superjson's, or raw JSON when superjson refuses the value (prototype keys). */
function encode(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return `{"json":${encodeBody(input)}}`;
  }
}

const segment = fc.oneof(fc.uuid({ version: 4 }), fc.string({ maxLength: 20 }), fc.constantFrom("\u0000", "a%00b", "..", "%2e%2e", "\ud800", "x".repeat(5000)));
const QUERY_KEYS = ["ids", "filter", "format", "input", "batch", "result", "q", "page", "__proto__"];
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), fc.oneof(segment, hostileValue.map(String))), { maxLength: 4 });
const headerVariants = fc.record({
  origin: fc.oneof({ arbitrary: fc.constant("app"), weight: 6 }, { arbitrary: fc.constantFrom("null", "https://evil.example", "none"), weight: 1 }),
  contentType: fc.oneof({ arbitrary: fc.constant("application/json"), weight: 8 }, { arbitrary: fc.constantFrom("multipart/form-data; boundary=x", "text/plain", "application/x-www-form-urlencoded"), weight: 1 }),
});

/**
 * Procedures that apply a valid input to rows once a worker picks it up: a full `batch.execute`
 * input commits a batch, a valid `media.fetch` downloads files into media_files. Against a running
 * app (with workers) the fuzz leaves such inputs out, so any row it finds changed is a bug; the
 * suite, where no worker runs, sends them and checks they got no further than `queued`.
 */
export const COMMITTING = new Set(["batch.execute", "media.fetch"]);

const wouldCommit = (p: ProcedureInfo, input: unknown): boolean =>
  COMMITTING.has(p.path) && p.input !== null && p.input.safeParse(input).success && !(typeof input === "object" && input !== null && "batchId" in input);

/** Requests to `procedures` and `routes` as `roles`, generated from their schemas (tRPC) or generically (routes). */
export function requestArbitrary(procedures: ProcedureInfo[], routes: RouteInfo[], appOrigin: string, opts: { avoidCommitting?: boolean } = {}): fc.Arbitrary<FuzzRequest> {
  const trpc = routes.find((r) => r.pattern === "/api/trpc/[trpc]");
  if (!trpc) throw new Error("no tRPC route under app/api/trpc/[trpc]");
  // Anonymous callers are turned away first; they need fewer tries than the signed-in roles.
  const role = fc.oneof({ arbitrary: fc.constant<FuzzRole>("anonymous"), weight: 1 }, { arbitrary: fc.constantFrom<FuzzRole>("viewer", "operator", "admin"), weight: 4 });
  const headersOf = (h: { origin: string; contentType: string }, withBody: boolean): Record<string, string> => ({
    ...(h.origin === "none" ? {} : { origin: h.origin === "app" ? appOrigin : h.origin }),
    ...(withBody ? { "content-type": h.contentType } : {}),
  });
  const trpcCalls = procedures.map((p) =>
    fc
      .record({ role, input: inputArbitrary(p.input), h: headerVariants, batched: fc.boolean() })
      .filter(({ input }) => !(opts.avoidCommitting && wouldCommit(p, input)))
      .map(({ role, input, h, batched }): FuzzRequest => {
      const wire = encode(input);
      const base = `${appOrigin}/api/trpc/${p.path}`;
      if (p.type === "query") {
        const url = batched ? `${base}?batch=1&input=${encodeURIComponent(`{"0":${wire}}`)}` : `${base}?input=${encodeURIComponent(wire)}`;
        return { role, route: trpc, method: "GET", url, params: { trpc: p.path }, headers: headersOf(h, false) };
      }
      const body = batched ? `{"0":${wire}}` : wire;
      return { role, route: trpc, method: "POST", url: batched ? `${base}?batch=1` : base, params: { trpc: p.path }, headers: headersOf(h, true), body };
    }),
  );
  const others = routes.filter((r) => r !== trpc && r.methods.length);
  const routeCalls = others.map((r) =>
    fc
      .record({ role, method: fc.constantFrom(...r.methods), values: fc.array(segment, { minLength: r.params.length, maxLength: r.params.length }), query, h: headerVariants, body: hostileValue })
      .map(({ role, method, values, query: q, h, body }): FuzzRequest => {
        const params: Record<string, string | string[]> = {};
        let pattern = r.pattern;
        r.params.forEach((p, i) => {
          const v = values[i] ?? "";
          params[p.name] = p.catchAll ? v.split("/") : v;
          pattern = pattern.replace(`[${p.catchAll ? "..." : ""}${p.name}]`, percentEncode(v));
        });
        const search = new URLSearchParams(q).toString();
        const withBody = method !== "GET" && method !== "HEAD";
        const wrapped = typeof body === "object" && body !== null && !Array.isArray(body) ? body : { ids: body };
        return { role, route: r, method, url: `${appOrigin}${pattern}${search ? `?${search}` : ""}`, params, headers: headersOf(h, withBody), ...(withBody ? { body: encodeBody(wrapped) } : {}) };
      }),
  );
  return fc.oneof(...trpcCalls, ...routeCalls);
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is written as the bytes a
 * careless client would send for it (WTF-8), so the server meets those too.
 */
function percentEncode(v: string): string {
  return v.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^\ud800-\udfff]+/g, (part) => {
    if (part.length > 1 || !/[\ud800-\udfff]/.test(part)) return encodeURIComponent(part);
    const c = part.charCodeAt(0);
    return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  });
}

/** Plain JSON of `v`, whatever it holds: BigInt as text, Map and Set as arrays (what a careless client sends). */
function encodeBody(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x instanceof Map || x instanceof Set ? [...x] : x)) ?? "null";
  } catch {
    return "{}";
  }
}

/** A row-level fingerprint of every domain table: table → row id → hash of the row. */
export type Snapshot = Map<string, Map<string, string>>;

export const hashRow = (row: unknown) => crypto.createHash("sha1").update(JSON.stringify(row)).digest("hex");

/** Rows that differ between two snapshots: changed, added or removed, in every table. */
export function rowsChanged(before: Snapshot, after: Snapshot): number {
  let n = 0;
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table) ?? new Map<string, string>();
    const b = after.get(table) ?? new Map<string, string>();
    for (const [id, h] of a) if (b.get(id) !== h) n++;
    for (const id of b.keys()) if (!a.has(id)) n++;
  }
  return n;
}

/** A reply that is a server error: a 5xx status, or a tRPC error coded INTERNAL_SERVER_ERROR (also inside SSE or batches). */
export function isServerError(r: FuzzReply): boolean {
  // As an error's code, not as a word in a document (the OpenAPI document lists every code).
  return r.status >= 500 || /"code":\s*"INTERNAL_SERVER_ERROR"/.test(r.text);
}
