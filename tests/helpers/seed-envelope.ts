import { expect } from "vitest";

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Checks a response against a seed document's printed example, field by field: every key of the
 * example is there with the same JSON type and value (arrays element by element), and the only keys
 * the example lacks are those in `extra` (fields our answer adds, such as a batch id).
 */
export function expectLikeSeedExample(actual: unknown, example: unknown, extra: readonly string[] = [], path = "$"): void {
  expect(typeOf(actual), `${path}: type`).toBe(typeOf(example));
  if (Array.isArray(example)) {
    const list = actual as unknown[];
    expect(list.length, `${path}: length`).toBe(example.length);
    example.forEach((e, i) => expectLikeSeedExample(list[i], e, extra, `${path}[${i}]`));
  } else if (typeOf(example) === "object") {
    const [a, e] = [actual as Record<string, unknown>, example as Record<string, unknown>];
    for (const key of Object.keys(e)) {
      expect(Object.hasOwn(a, key), `${path}.${key}: present`).toBe(true);
      expectLikeSeedExample(a[key], e[key], extra, `${path}.${key}`);
    }
    expect(Object.keys(a).filter((k) => !(k in e) && !extra.includes(k)), `${path}: keys the example lacks`).toEqual([]);
  } else {
    expect(actual, path).toEqual(example);
  }
}
