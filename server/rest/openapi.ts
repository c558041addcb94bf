import { PROCEDURE_RULES } from "../auth/procedure-rules";
import { API_SCOPES } from "../contracts/scopes";
import { ERROR_CODES } from "../errors";
import { inputJsonSchema, toJsonSchema, type JsonSchema } from "./json-schema";
import { PROCEDURE_OPERATIONS, type ProcedureOperation } from "./operations";
import { ROUTE_RULES } from "../auth/route-rules";
import { SEED_OPERATIONS, type SeedOperation } from "./seed-operations";
import { STREAM_OPERATIONS, type StreamOperation } from "./streams";

// The OpenAPI 3.1 document of /api/v1, generated from the operations table and the procedures'
// zod schemas (server/rest/operations.ts): what the dispatcher serves is what this describes.

const ERROR_STATUSES: Record<number, string> = {
  400: "Bad input: the message names the field; `details.fields` lists each field's errors.",
  401: "No valid token or session (missing, revoked, expired, or its user is disabled).",
  403: "Your role or the token's scopes do not allow this.",
  404: "No such thing, or not yours to see.",
  409: "Conflicts with the current state (e.g. the batch is not in a state that allows this).",
  413: "The body is too large.",
  415: "The body must be application/json.",
  422: "The request is well-formed but cannot be done (e.g. an Idempotency-Key reused with another body).",
  429: "Rate limit: wait `Retry-After` seconds.",
};

const rateLimitHeaders = {
  "X-RateLimit-Limit": { description: "Requests allowed in the current window for this route class.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current window.", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Seconds until the window resets.", schema: { type: "integer" } },
  "X-Request-Id": { description: "This request's id; quote it when reporting a problem.", schema: { type: "string" } },
};

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: [...Object.keys(ERROR_CODES), "INTERNAL_SERVER_ERROR"], description: "Stable error code." },
        message: { type: "string", description: "What went wrong, for a person." },
        details: { type: "object", description: "Field errors (`fields`: field → messages) and other specifics.", additionalProperties: true },
        requestId: { type: "string" },
      },
    },
  },
};

function errorResponses(statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        description: ERROR_STATUSES[s]!,
        headers: s === 429 ? { ...rateLimitHeaders, "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } : rateLimitHeaders,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

/**
 * Schemas with an id (`.meta({ id })`) come out of zod in `$defs`; in the document they are shared
 * components, so each is described once and clients generate one type for it.
 */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  take(schema: JsonSchema): JsonSchema {
    const { $defs, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, def] of Object.entries($defs ?? {})) this.schemas[id] ??= this.relink(def);
    return this.relink(rest);
  }

  private relink(schema: JsonSchema): JsonSchema {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  }
}

const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

function requiredOf(schema: JsonSchema, name: string): boolean {
  return schema.required?.includes(name) ?? false;
}

function withoutKeys(schema: JsonSchema, keys: string[]): JsonSchema {
  if (!schema.properties) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !keys.includes(k)));
  const required = schema.required?.filter((k) => !keys.includes(k));
  return { ...schema, properties, ...(required?.length ? { required } : { required: undefined }) };
}

function accessNote(op: ProcedureOperation): string {
  const rule = PROCEDURE_RULES[op.procedure];
  if (!rule) return "";
  return `\n\nNeeds role **${rule.minRole}**${"scope" in rule ? ` and token scope **${String((rule as { scope?: string }).scope)}**` : ""}.`;
}

function procedurePath(op: ProcedureOperation, components: Components) {
  const input = components.take(inputJsonSchema(op.procedure));
  const names = pathParams(op.path);
  const fixed = Object.keys(op.fixedInput ?? {});
  const parameters: unknown[] = names.map((name) => ({ name, in: "path", required: true, schema: input.properties?.[name] ?? { type: "string" } }));
  let requestBody: unknown;
  if (op.method === "GET") {
    for (const [name, schema] of Object.entries(input.properties ?? {})) {
      if (names.includes(name) || fixed.includes(name)) continue;
      parameters.push({ name, in: "query", required: requiredOf(input, name), schema, ...(isComplex(schema) ? { description: "JSON-encoded." } : {}) });
    }
  } else if (input.properties || input.anyOf || input.oneOf) {
    const body = withoutKeys(input, [...names, ...fixed]);
    if (Object.keys(body.properties ?? {}).length || body.anyOf || body.oneOf) {
      requestBody = { required: (body.required?.length ?? 0) > 0, content: { "application/json": { schema: body } } };
    }
  }
  if (op.waitable) parameters.push({ name: "wait", in: "query", required: false, schema: { type: "integer", minimum: 0, maximum: 60 }, description: "Seconds to wait for the batch to finish before answering." });
  if (op.creates) parameters.push({ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", minLength: 1, maxLength: 255 }, description: "A retried request with the same key returns the first answer instead of starting a second batch." });
  const status = String(op.successStatus ?? 200);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `${op.description ?? op.summary}${accessNote(op)}`,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: {
      [status]: { description: "OK", headers: rateLimitHeaders, content: { "application/json": { schema: components.take(toJsonSchema(op.output, "output")) } } },
      ...errorResponses(op.method === "GET" ? [400, 401, 403, 404, 429] : [400, 401, 403, 404, 409, 413, 415, 422, 429]),
    },
  };
}

const isComplex = (schema: JsonSchema) => ["object", "array"].some((t) => [schema.type].flat().includes(t));

function streamPath(op: StreamOperation, components: Components) {
  const parameters: unknown[] = [
    ...pathParams(op.path).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...Object.entries(op.query ?? {}).map(([name, description]) => ({ name, in: "query", required: false, schema: { type: "string" }, description })),
  ];
  if (op.operationId === "streamBatchEvents") parameters.push({ name: "Last-Event-ID", in: "header", required: false, schema: { type: "string" } });
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description ?? op.summary,
    parameters,
    ...(op.public ? { security: [] } : {}),
    responses: {
      "200": { description: "OK", headers: rateLimitHeaders, content: { [op.contentType]: { schema: op.output ? components.take(toJsonSchema(op.output, "output")) : { type: "string", format: "binary" } } } },
      ...errorResponses(op.public ? [] : [400, 401, 403, 404, 429]),
    },
  };
}

/** A seed's endpoint: its body and answers from its zod schemas, its failures in the seed's own envelope. */
function seedPath(op: SeedOperation, components: Components) {
  const rule = ROUTE_RULES[op.rule];
  const parameters: unknown[] = pathParams(op.path).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  if (op.creates) parameters.push({ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", minLength: 1, maxLength: 255 }, description: "A retried request with the same key returns the first answer instead of starting a second job." });
  const errorBody = { "application/json": { schema: components.take(toJsonSchema(op.errorOutput, "output")) } };
  const statuses = op.method === "GET" ? [400, 401, 403, 404, 429] : [400, 401, 403, 404, 409, 413, 415, 422, 429];
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `${op.description ?? op.summary}${rule ? `\n\nNeeds role **${rule.minRole}** and token scope **${rule.scope}**; counts as **${rule.rateClass ?? "default"}** in the rate limits.` : ""}`,
    parameters,
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: components.take(toJsonSchema(op.body, "input")) } } } } : {}),
    responses: {
      [String(op.successStatus ?? 200)]: { description: "OK", headers: rateLimitHeaders, content: { "application/json": { schema: components.take(toJsonSchema(op.output, "output")) } } },
      ...Object.fromEntries(
        statuses.map((s) => [
          String(s),
          { description: s === 400 ? `${op.invalidCode ?? "INVALID_BATCH"}: \`details\` lists each problem ({field, code, message}).` : ERROR_STATUSES[s]!, headers: rateLimitHeaders, content: errorBody },
        ]),
      ),
    },
  };
}

/** The document, for `baseUrl` (the app's origin). */
export function openApiDocument(baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const components = new Components();
  for (const op of PROCEDURE_OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = procedurePath(op, components);
  for (const op of STREAM_OPERATIONS) (paths[op.path] ??= {}).get = streamPath(op, components);
  for (const op of SEED_OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = seedPath(op, components);
  return {
    openapi: "3.1.0",
    info: {
      title: "Batchdesk API",
      version: "1.0.0",
      description:
        "Batch operations on your records, on the same engine, permissions, limits and audit as the console. " +
        `Authenticate with \`Authorization: Bearer <token>\` (create a token under Settings → API tokens). Token scopes: ${API_SCOPES.join(", ")}; a token never reaches wider than its owner's role.`,
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set([...PROCEDURE_OPERATIONS.map((o) => o.tag), ...STREAM_OPERATIONS.map((o) => o.tag), ...SEED_OPERATIONS.map((o) => o.tag)])].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token (bd_…)." } },
      schemas: { ...components.schemas, Error: errorSchema },
    },
  };
}
