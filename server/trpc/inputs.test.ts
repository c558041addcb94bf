import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { proceduresOf, type ProcedureInfo } from "../../tests/fuzz/procedures";

let procedures: ProcedureInfo[];

beforeAll(async () => {
  // The router's modules build their clients at import; nothing connects until a query runs.
  process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused";
  const { appRouter } = await import("./router");
  procedures = proceduresOf(appRouter);
});

const FIXED_LENGTH_FORMATS = new Set(["uuid", "guid"]);

/** Every place in `schema` that lets unbounded or unchecked input through, as "path: problem". */
function looseSpots(schema: z.core.$ZodType, path: string, seen = new Set<z.core.$ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const inner = (s: z.core.$ZodType, p = path) => looseSpots(s, p, seen);
  const checks = (schema._zod.def as { checks?: unknown[] }).checks?.length ?? 0;
  if (schema instanceof z.ZodObject) {
    const catchall = schema._zod.def.catchall;
    // Strict (never), or every other key checked by a schema of its own (a catchall); not stripped or let through.
    const checked = catchall instanceof z.ZodNever || (catchall !== undefined && !(catchall instanceof z.ZodUnknown) && !(catchall instanceof z.ZodAny));
    const own = checked ? [] : [`${path}: an object that drops unknown keys (use z.strictObject)`];
    const rest = catchall && !(catchall instanceof z.ZodNever) && checked ? inner(catchall, `${path}.*`) : [];
    return [...own, ...rest, ...Object.entries(schema.shape).flatMap(([k, v]) => inner(v, `${path}.${k}`))];
  }
  if (schema instanceof z.ZodString) return schema.maxLength === null ? [`${path}: a string without a max length`] : [];
  if (schema instanceof z.ZodStringFormat) return FIXED_LENGTH_FORMATS.has(schema.format ?? "") ? [] : [`${path}: a ${schema.format} string without a max length`];
  if (schema instanceof z.ZodNumber) {
    // z.int() alone is bounded by ±2^53 (safe integers): a page or an id needs bounds of its own.
    const bounded = (v: number | null) => v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER;
    return schema.isInt && !(bounded(schema.minValue) && bounded(schema.maxValue)) ? [`${path}: a whole number without both bounds`] : [];
  }
  if (schema instanceof z.ZodArray) return [...(checks ? [] : [`${path}: an array without a max length`]), ...inner(schema.element, `${path}[]`)];
  if (schema instanceof z.ZodRecord) {
    return [...(checks ? [] : [`${path}: a record without a check on its size`]), ...inner(schema.keyType, `${path}{key}`), ...inner(schema.valueType, `${path}{}`)];
  }
  if (schema instanceof z.ZodUnion) return schema.options.flatMap((o, i) => inner(o, `${path}|${i}`));
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return inner(schema.unwrap());
  if (schema instanceof z.ZodLazy) return inner(schema.unwrap());
  // A pipe checks what arrives with its first schema; the second only sees that schema's output.
  if (schema instanceof z.ZodPipe) return inner(schema._zod.def.in);
  if (schema instanceof z.ZodEnum || schema instanceof z.ZodLiteral || schema instanceof z.ZodBoolean || schema instanceof z.ZodNull) return [];
  if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return [`${path}: an unchecked value (z.unknown/z.any)`];
  return [`${path}: a ${schema._zod.def.type} schema this check does not know; teach it (server/trpc/inputs.test.ts)`];
}

describe("procedure inputs are strict and bounded", () => {
  it("finds the procedures (the check is not vacuous)", () => {
    expect(procedures.length).toBeGreaterThan(20);
    expect(procedures.filter((p) => p.input).length).toBeGreaterThan(15);
  });

  it("sees what it looks for", () => {
    const loose = z.object({ name: z.string(), tags: z.array(z.uuid()), n: z.number().int(), extra: z.unknown(), rec: z.record(z.string().max(9), z.null()) });
    expect(looseSpots(loose, "x")).toEqual([
      "x: an object that drops unknown keys (use z.strictObject)",
      "x.name: a string without a max length",
      "x.tags: an array without a max length",
      "x.n: a whole number without both bounds",
      "x.extra: an unchecked value (z.unknown/z.any)",
      "x.rec: a record without a check on its size",
    ]);
  });

  it("every object refuses unknown keys, every string, array, record and whole number is bounded, nothing is unchecked", () => {
    const problems = procedures.flatMap((p) => (p.input ? looseSpots(p.input, `${p.path} input`) : []));
    expect(problems).toEqual([]);
  });

  it("refuses a misspelt option instead of running with the default", async () => {
    const validate = procedures.find((p) => p.path === "batch.validate")!.input!;
    const input = { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "hardDelete" }, options: { validaton: "strict" } };
    const result = validate.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["validaton"], path: ["options"] });
  });

  it("refuses a non-object where an object is expected", () => {
    for (const p of procedures.filter((x) => x.input)) {
      for (const bad of [[], "x", 1, true]) expect(p.input!.safeParse(bad).success, `${p.path} ${JSON.stringify(bad)}`).toBe(false);
    }
  });
});
