// Hostile inputs, shaped after a procedure's own zod schema: mostly plausible (so the fuzz gets past
// the first check and into services and SQL), with a hostile value, a wrong type, an unknown or
// prototype key, or a deep filter dropped in anywhere. zod-fast-check does not support zod 4, so
// this is the small zod → arbitrary walk STACK-NOTES suggests.
import fc from "fast-check";
import { z } from "zod";
import { RESOURCES } from "../../server/resources/registry";

/** Names the app knows, so generated strings often hit a real resource, field, state or option. */
const KNOWN_NAMES = [...new Set(RESOURCES.flatMap((r) => [r.name, ...r.fields.map((f) => f.name)]))];
/** Object keys whose value is a resource name: mostly a real one, so inputs reach the planner and SQL. */
const RESOURCE_KEYS = new Set(["resource"]);
const resourceName = fc.constantFrom(...RESOURCES.map((r) => r.name));

const NUL = "\u0000";
const hostileString = fc.oneof(
  fc.constantFrom("", " ", NUL, `a${NUL}b`, "\ud800", "x\udfff", "NaN", "Infinity", "-0", "1e309", "0x10", "9".repeat(400), "null", "undefined", "__proto__", "constructor", "'; DROP TABLE letters; --", "%00", "../../etc/passwd"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udc00", "a", "é", "😀"), maxLength: 20 }),
  fc.nat({ max: 200_000 }).map((n) => "x".repeat(n)),
);
const hostileNumber = fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, 1e308, -1e308, 0.5, -1, 0, 1e-320, Number.NaN, Number.POSITIVE_INFINITY);

/** A filter nested `depth` groups deep (past the limit of 4 from 5 on). */
const deepFilter = fc.integer({ min: 1, max: 60 }).map((depth) => {
  let g: unknown = { field: "id", op: "gt", value: 0 };
  for (let i = 0; i < depth; i++) g = { combinator: i % 2 ? "or" : "and", conditions: [g] };
  return g;
});

/** Any value at all, of any type: what a hostile client puts where it likes. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, undefined, [], {}, [[[]]], { "": "" }),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  deepFilter,
  fc.constantFrom(new Map([["a", 1]]), new Set([1]), /x/),
  fc.constantFrom("__proto__", "constructor", "prototype").map((k): unknown => JSON.parse(`{"${k}":{"polluted":true},"title":"x"}`)),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.nat({ max: 200_000 }).map((n) => Array.from({ length: n }, (_, i) => i + 1)),
);

const plausibleString = (max: number) => fc.oneof(fc.constantFrom(...KNOWN_NAMES), fc.string({ maxLength: Math.min(max, 30) }));

/**
 * Mostly the plausible value, sometimes anything. Rare per node, since an input has dozens of nodes:
 * most inputs should carry one or two hostile values and otherwise get past the schema into SQL.
 */
const maybeHostile = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: arb, weight: 20 }, { arbitrary: hostileValue, weight: 1 });

/** An arbitrary for inputs of `schema`: its shape, with hostility at every level. */
export function inputArbitrary(schema: z.core.$ZodType | null): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: shaped(schema, 0), weight: 6 }, { arbitrary: hostileValue, weight: 1 });
}

function shaped(schema: z.core.$ZodType | null, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 12) return hostileValue;
  const inner = (s: z.core.$ZodType) => shaped(s, depth + 1);
  if (schema instanceof z.ZodObject) {
    const shape = Object.entries(schema.shape as Record<string, z.core.$ZodType>);
    const record = fc.record(Object.fromEntries(shape.map(([k, v]) => [k, RESOURCE_KEYS.has(k) ? maybeHostile(resourceName) : inner(v)])), {
      requiredKeys: shape.filter(([, v]) => !(v instanceof z.ZodOptional || v instanceof z.ZodDefault)).map(([k]) => k),
    });
    // Now and then an extra key: a misspelt option, or one of the prototype's.
    const extra = fc.record({ key: fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "validaton", "extra"), fc.string({ maxLength: 8 })), value: hostileValue });
    return maybeHostile(
      fc.tuple(record, fc.oneof({ arbitrary: fc.constant(null), weight: 25 }, { arbitrary: extra, weight: 1 })).map(([r, e]) => {
        if (!e) return r;
        const out: Record<string, unknown> = { ...r };
        Object.defineProperty(out, e.key, { value: e.value, enumerable: true, writable: true, configurable: true });
        return out;
      }),
    );
  }
  if (schema instanceof z.ZodString) return maybeHostile(plausibleString(schema.maxLength ?? 100));
  if (schema instanceof z.ZodStringFormat) return maybeHostile(schema.format === "uuid" ? fc.uuid({ version: 4 }) : fc.string({ maxLength: 40 }));
  if (schema instanceof z.ZodNumber) {
    const min = Math.max(schema.minValue ?? -1e6, -1e6);
    const max = Math.min(schema.maxValue ?? 1e6, 1e6);
    // Whole numbers lean to the low end too: ids and pages of the seeded rows are small.
    const int = fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.min(Math.floor(max), Math.ceil(min) + 40) }), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
    return maybeHostile(schema.isInt ? int : fc.double({ min, max, noNaN: true }));
  }
  if (schema instanceof z.ZodBoolean) return maybeHostile(fc.boolean());
  if (schema instanceof z.ZodEnum) return maybeHostile(fc.constantFrom(...(schema.options as unknown[])));
  if (schema instanceof z.ZodLiteral) return maybeHostile(fc.constantFrom(...(schema.values as Set<unknown>)));
  if (schema instanceof z.ZodNull) return maybeHostile(fc.constant(null));
  if (schema instanceof z.ZodArray) {
    const min = (schema._zod.bag as { minimum?: number }).minimum ?? 0;
    return maybeHostile(fc.array(inner(schema.element), { minLength: Math.min(min, 4), maxLength: 4 }));
  }
  if (schema instanceof z.ZodRecord) return maybeHostile(fc.dictionary(plausibleString(100), inner(schema.valueType), { maxKeys: 4 }));
  if (schema instanceof z.ZodUnion) return fc.oneof(...schema.options.map((o) => inner(o)));
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return fc.oneof(inner(schema.unwrap()), fc.constant(undefined));
  }
  if (schema instanceof z.ZodLazy) return inner(schema.unwrap());
  return hostileValue;
}
