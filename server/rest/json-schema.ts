import { z } from "zod";
import { appRouter } from "../trpc/router";

/** A JSON Schema object as z.toJSONSchema gives it (the parts the REST layer reads). */
export type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; [key: string]: unknown };

type ProcedureDef = { _def: { inputs: z.ZodType[]; type: "query" | "mutation" | "subscription" } };

/** The zod schema of a procedure's input, as the console's router declares it; null for none. */
export function procedureInputSchema(path: string): z.ZodType | null {
  const procedure = (appRouter._def.procedures as unknown as Record<string, ProcedureDef | undefined>)[path];
  if (!procedure) throw new Error(`No procedure "${path}" in the app router.`);
  return procedure._def.inputs[0] ?? null;
}

/** Whether procedure `path` is a query, a mutation or a subscription. */
export function procedureType(path: string): "query" | "mutation" | "subscription" {
  const procedure = (appRouter._def.procedures as unknown as Record<string, ProcedureDef | undefined>)[path];
  if (!procedure) throw new Error(`No procedure "${path}" in the app router.`);
  return procedure._def.type;
}

/**
 * JSON Schema for OpenAPI 3.1 (draft 2020-12). Dates are sent as ISO strings; anything zod cannot
 * express in JSON Schema (refinements) is left open rather than failing the document.
 */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as { _zod?: { def?: { type?: string } } })._zod?.def;
      if (def?.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

const inputs = new Map<string, JsonSchema>();

/** The input JSON Schema of a procedure (`{}` for one without input), computed once. */
export function inputJsonSchema(path: string): JsonSchema {
  let schema = inputs.get(path);
  if (!schema) {
    const zod = procedureInputSchema(path);
    schema = zod ? toJsonSchema(zod, "input") : {};
    inputs.set(path, schema);
  }
  return schema;
}
