import { z } from "zod";
import { readJsonBody } from "../http/body";
import { errorResponse } from "../http/route";
import { assertSameOrigin } from "../http/origin";
import { requestIdOf } from "../http/request-id";
import { AppError } from "../errors";
import { logger } from "../logger";
import type { Logger } from "pino";
import { actorKey } from "../http/actor-key";
import { idempotencyKeyOf, requestHash, withIdempotency } from "../http/idempotency";
import { rateLimitHeaders, type RateLimitResult } from "../http/rate-limit";
import { createContext, type Context } from "../trpc/init";
import { appRouter } from "../trpc/router";
import { procedureRateClass } from "../auth/procedure-rules";
import { inputJsonSchema, procedureType } from "./json-schema";
import { PROCEDURE_OPERATIONS, type ProcedureOperation } from "./operations";
import { SEED_OPERATIONS, type SeedOperation } from "./seed-operations";
import { STREAM_OPERATIONS, type StreamOperation } from "./streams";
import { withActor } from "../http/route";
import { MAX_WAIT_SECONDS, waitForBatch } from "../batches/wait";

/** REST bodies carry a batch's items (up to the engine's limits), so they may be larger than other routes'. */
export const REST_BODY_LIMIT = 16 * 1024 * 1024;

type Handler = (req: Request, params: Record<string, string>) => Promise<Response>;

type Matched =
  | { op: ProcedureOperation; kind: "procedure"; params: Record<string, string> }
  | { op: StreamOperation | SeedOperation; kind: "stream"; handler: Handler; params: Record<string, string> };

type Route = { method: string; pattern: RegExp; names: string[]; literalSegments: number } & (
  | { kind: "procedure"; op: ProcedureOperation }
  | { kind: "stream"; op: StreamOperation | SeedOperation; handler: Handler }
);

function compile(method: string, path: string): Pick<Route, "method" | "pattern" | "names" | "literalSegments"> {
  const names: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { method, pattern: new RegExp(`^${source}$`), names, literalSegments: path.split("/").filter((s) => s && !s.startsWith("{")).length };
}

const CHECK_OUTPUTS = process.env.NODE_ENV !== "production";

/**
 * A seed operation as a route handler: withActor under its rule (auth, scope, rate class, the seed's
 * error envelope, Idempotency-Key for creating calls); outside production its answer is checked
 * against its documented output schema, as procedures' are.
 */
function seedHandler(op: SeedOperation): Handler {
  const route = withActor<Record<string, string>>(
    op.rule,
    async (ctx) => {
      const json = JSON.parse(JSON.stringify(await op.handler(ctx))) as unknown;
      if (CHECK_OUTPUTS) {
        const checked = op.output.safeParse(json);
        if (!checked.success) throw new Error(`REST output of ${op.operationId} does not match its schema: ${z.prettifyError(checked.error)}`);
      }
      return Response.json(json, { status: op.successStatus ?? 200, headers: { "cache-control": "no-store" } });
    },
    { errorEnvelope: op.errorEnvelope, idempotent: op.creates === true, maxBodyBytes: REST_BODY_LIMIT },
  );
  return (req, params) => route(req, { params: Promise.resolve(params) });
}

// Literal segments win over parameters (/exports/options before /exports/{batchId}).
const ROUTES: Route[] = [
  ...PROCEDURE_OPERATIONS.map((op) => ({ ...compile(op.method, op.path), kind: "procedure" as const, op })),
  ...STREAM_OPERATIONS.map((op) => ({ ...compile("GET", op.path), kind: "stream" as const, op, handler: op.handler })),
  ...SEED_OPERATIONS.map((op) => ({ ...compile(op.method, op.path), kind: "stream" as const, op, handler: seedHandler(op) })),
].sort((a, b) => b.literalSegments - a.literalSegments);

function match(method: string, path: string): Matched | "method" | null {
  let pathMatched = false;
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method && !(method === "HEAD" && route.method === "GET")) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    return route.kind === "procedure" ? { kind: "procedure", op: route.op, params } : { kind: "stream", op: route.op, handler: route.handler, params };
  }
  return pathMatched ? "method" : null;
}

/**
 * A query string as the procedure's input: each value read as the JSON type its input schema gives
 * it (numbers, booleans; objects and arrays as JSON), text as it is — so `?page=2` is the number 2 but
 * `?resource=2` stays the text "2". A value that does not convert is passed as text for the schema to refuse.
 */
function queryInput(op: ProcedureOperation, url: URL): Record<string, unknown> {
  const props = inputJsonSchema(op.procedure).properties ?? {};
  const input: Record<string, unknown> = {};
  for (const [key, raw] of url.searchParams) {
    if (op.waitable && key === "wait") continue;
    if (key in input) throw new AppError("BAD_REQUEST", `query: "${key}" is given more than once.`);
    const types = jsonTypes(props[key]);
    input[key] = convert(raw, types);
  }
  return input;
}

/** Path parameters as the procedure's input, each read like a query value (`/resources/letters/12/history`: the row id 12). */
function pathInput(op: ProcedureOperation, params: Record<string, string>): Record<string, unknown> {
  const props = inputJsonSchema(op.procedure).properties ?? {};
  return Object.fromEntries(Object.entries(params).map(([key, raw]) => [key, convert(raw, jsonTypes(props[key]))]));
}

function jsonTypes(schema: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (s: unknown) => {
    if (!s || typeof s !== "object") return;
    const o = s as { type?: string | string[]; anyOf?: unknown[]; oneOf?: unknown[] };
    for (const t of [o.type ?? []].flat()) out.add(t);
    for (const sub of [...(o.anyOf ?? []), ...(o.oneOf ?? [])]) walk(sub);
  };
  walk(schema);
  return out;
}

function convert(raw: string, types: Set<string>): unknown {
  if (types.has("string")) return raw;
  if ((types.has("integer") || types.has("number")) && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  if (types.has("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  if (types.has("object") || types.has("array")) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

const waitSchema = z.coerce.number({ error: `wait: give the seconds to wait, 0–${MAX_WAIT_SECONDS}.` }).int().min(0).max(MAX_WAIT_SECONDS);

const batchIdOf = (data: unknown): string | null => (typeof data === "object" && data !== null && "id" in data && typeof data.id === "string" ? data.id : null);

async function bodyInput(req: Request): Promise<Record<string, unknown>> {
  const hasBody = req.headers.get("content-length") !== "0" && req.body !== null && (req.headers.has("content-type") || req.headers.has("content-length"));
  if (!hasBody) return {};
  const body = await readJsonBody(req, REST_BODY_LIMIT);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new AppError("BAD_REQUEST", "The body must be a JSON object.");
  return body as Record<string, unknown>;
}

type Caller = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;

function procedureOf(caller: Caller, path: string): (input?: unknown) => Promise<unknown> {
  const [group, name] = path.split(".") as [string, string];
  return caller[group]![name]!;
}

async function runProcedure(req: Request, op: ProcedureOperation, params: Record<string, string>, requestId: string, log: Logger): Promise<Response> {
  // A token's request is counted as its token is read, in the procedure's class (one round trip).
  let ctx: Context | null = null;
  try {
    const context = await createContext({ headers: req.headers, requestId, rateClass: procedureRateClass(op.procedure, procedureType(op.procedure)) });
    ctx = context;
    const url = new URL(req.url);
    const wait = op.waitable && url.searchParams.has("wait") ? waitSchema.parse(url.searchParams.get("wait")) : 0;
    const fromRequest = op.method === "GET" ? queryInput(op, url) : await bodyInput(req);
    for (const name of Object.keys(params)) {
      if (name in fromRequest) throw new AppError("BAD_REQUEST", `"${name}" is given in the path; leave it out of the ${op.method === "GET" ? "query" : "body"}.`);
    }
    const input = { ...fromRequest, ...pathInput(op, params), ...op.fixedInput };
    const run = async () => ({ status: op.successStatus ?? 200, body: await callProcedure(op, context, input, wait, req.signal) });
    const key = op.creates ? idempotencyKeyOf(req.headers) : null;
    // Checked before the key is claimed: who asks decides whose keys are looked at.
    if (key && !context.actor) throw new AppError("UNAUTHORIZED", "Please sign in.");
    const outcome = key && context.actor ? await withIdempotency(actorKey(context.actor), key, requestHash({ op: op.operationId, input, wait }), run) : { ...(await run()), replayed: false };
    return Response.json(outcome.body, {
      status: outcome.status,
      headers: { ...limitHeaders(context), ...(outcome.replayed ? { "idempotent-replayed": "true" } : {}), "cache-control": "no-store", "x-request-id": requestId },
    });
  } catch (err) {
    return errorResponse(err, requestId, log, undefined, ctx ? limitHeaders(ctx) : {});
  }
}

/** The rate-limit headers of the budget this request spent (the tightest, if it spent in several). */
function limitHeaders(ctx: Context): Record<string, string> {
  const tightest = (ctx.rateLimits ?? []).reduce<RateLimitResult | undefined>((a, b) => (!a || b.remaining < a.remaining ? b : a), undefined);
  return tightest ? rateLimitHeaders(tightest) : {};
}

async function callProcedure(op: ProcedureOperation, ctx: Context, input: Record<string, unknown>, wait: number, signal: AbortSignal): Promise<unknown> {
  const caller = appRouter.createCaller(ctx) as unknown as Caller;
  const hasInput = inputJsonSchema(op.procedure).type !== undefined || Object.keys(input).length > 0;
  let data = await procedureOf(caller, op.procedure)(hasInput ? input : undefined);
  const waitOn = wait > 0 && ctx.actor ? batchIdOf(data) : null;
  if (waitOn && ctx.actor) data = await waitForBatch(ctx.actor, waitOn, wait, signal);
  const json = JSON.parse(JSON.stringify(data)) as unknown;
  if (CHECK_OUTPUTS) {
    const checked = op.output.safeParse(json);
    if (!checked.success) {
      // Outside production the document must describe what is sent: a drift fails loudly in tests.
      throw new Error(`REST output of ${op.operationId} does not match its schema: ${z.prettifyError(checked.error)}`);
    }
  }
  return json;
}

/**
 * Serves /api/v1/…: finds the operation, refuses a cross-site request that may change something,
 * and runs the operation's procedure through the console's router (so its tier, input schema,
 * policy, limits and audit apply as they do in the console) or its stream handler.
 */
export async function dispatchRest(req: Request, path: string): Promise<Response> {
  const requestId = requestIdOf(req.headers);
  const log = logger.child({ route: "rest", requestId });
  try {
    const found = match(req.method, path);
    if (found === null) throw new AppError("NOT_FOUND", `No API operation at ${req.method} /api/v1${path}. See /api/v1/openapi.json.`);
    if (found === "method") throw new AppError("METHOD_NOT_ALLOWED", `${req.method} is not allowed on /api/v1${path}.`);
    if (found.kind === "stream") return await found.handler(req, found.params);
    assertSameOrigin(req);
    return await runProcedure(req, found.op, found.params, requestId, log);
  } catch (err) {
    return errorResponse(err, requestId, log);
  }
}
