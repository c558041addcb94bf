import { expect } from "vitest";

// Checks a reply against an example printed in a seed document: every key the example has is
// there, with a value of the same JSON type (a null in the example stands for "null or a value",
// as the seeds print null where a value may come). Arrays are checked element by element against
// the example's first element. Keys the example lacks are allowed (ours add the engine's figures).

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function walk(actual: unknown, example: unknown, path: string, problems: string[]): void {
  if (example === null) return;
  if (typeOf(actual) !== typeOf(example)) {
    problems.push(`${path || "(root)"}: expected ${typeOf(example)} like ${JSON.stringify(example)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (Array.isArray(example)) {
    if (example.length === 0) return;
    for (const [i, item] of (actual as unknown[]).entries()) walk(item, example[0], `${path}[${i}]`, problems);
    return;
  }
  if (typeof example === "object") {
    for (const [key, value] of Object.entries(example)) {
      const obj = actual as Record<string, unknown>;
      if (!(key in obj)) problems.push(`${path}.${key}: missing`);
      else walk(obj[key], value, `${path}.${key}`, problems);
    }
  }
}

/** Fails naming every key of `example` that `actual` lacks or holds with another type. */
export function expectSeedShape(actual: unknown, example: unknown): void {
  const problems: string[] = [];
  walk(actual, example, "", problems);
  expect(problems).toEqual([]);
}
