/**
 * What every input must be before any schema or query sees it: plain JSON whose text PostgreSQL can
 * store. superjson lets a client send BigInt, Date, Map, Set, NaN and shared or cyclic references
 * anywhere, JSON lets it send NUL bytes and unpaired surrogates, and either can carry keys that
 * name Object.prototype's machinery — each of these once reached a query or a response and answered
 * 500 (or, for surrogates, was silently stored as U+FFFD).
 */

/** Keys refused anywhere in an input: assigning them rewires prototypes, and superjson refuses to send them back. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

/** Nesting an input may have; the deepest legitimate one (a filter four groups deep in a target) needs about 15. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Values (objects, arrays, scalars) one input may hold, counting a shared reference each time it is
 * reached: 100,000 items of 30 fields fit; a small superjson payload that expands exponentially does not.
 */
export const MAX_INPUT_VALUES = 4_000_000;

// An unpaired surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store `s` as text faithfully, as a sentence about `what`, or null when it can. */
export function textProblem(s: string, what = "Text"): string | null {
  if (s.includes("\u0000")) return `${what} cannot contain a NUL character (\\u0000).`;
  if (LONE_SURROGATE.test(s)) return `${what} is not valid Unicode: it has an unpaired surrogate.`;
  return null;
}

export type InputPath = (string | number)[];
/** The first thing wrong with an input, where it is and what it is. */
export type InputIssue = { path: InputPath; message: string };

const isPlainObject = (v: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

function nonJsonType(v: unknown): string | null {
  switch (typeof v) {
    case "bigint":
      return "a BigInt";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "number":
      return Number.isFinite(v) ? null : String(v);
    default:
      return null;
  }
}

type Frame = { value: unknown; key: string | number | null; parent: Frame | null; depth: number };
const EXIT = Symbol("exit");
type Step = Frame | { [EXIT]: object };

function pathOf(frame: Frame | null): InputPath {
  const path: InputPath = [];
  for (let f = frame; f && f.key !== null; f = f.parent) path.unshift(f.key);
  return path;
}

/**
 * The first reason `value` is not plain, storable JSON, or null. `undefined` is let through (superjson
 * sends it for properties a client left unset; schemas treat it as absent). Walks without recursion,
 * so no input can exhaust the stack, and builds a path only for the value it reports.
 */
export function plainJsonIssue(value: unknown): InputIssue | null {
  const stack: Step[] = [{ value, key: null, parent: null, depth: 0 }];
  // Objects on the way from the root to where the walk is: meeting one again is a cycle.
  const open = new Set<object>();
  let seen = 0;
  while (stack.length) {
    const step = stack.pop()!;
    if (EXIT in step) {
      open.delete(step[EXIT]);
      continue;
    }
    const v = step.value;
    if (++seen > MAX_INPUT_VALUES) return { path: [], message: `The input holds more than ${MAX_INPUT_VALUES.toLocaleString("en-US")} values.` };
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: pathOf(step), message: problem };
      continue;
    }
    const odd = nonJsonType(v);
    if (odd) return { path: pathOf(step), message: `Only plain JSON is accepted here, not ${odd}.` };
    if (v === null || typeof v !== "object") continue;
    if (open.has(v)) return { path: pathOf(step), message: "Only plain JSON is accepted here, not a value that contains itself." };
    if (!Array.isArray(v) && !isPlainObject(v)) {
      return { path: pathOf(step), message: `Only plain JSON is accepted here, not ${v.constructor?.name ? `a ${v.constructor.name}` : "this object"}.` };
    }
    if (step.depth >= MAX_INPUT_DEPTH) return { path: pathOf(step), message: `The input is nested more than ${MAX_INPUT_DEPTH} levels deep.` };
    open.add(v);
    stack.push({ [EXIT]: v });
    const depth = step.depth + 1;
    // Pushed in reverse so the first problem in document order is the one reported.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: step, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) {
      const problem = textProblem(key, "A key") ?? (FORBIDDEN_KEYS.includes(key) ? `"${key}" is not allowed as a key.` : null);
      if (problem) return { path: [...pathOf(step), key], message: problem };
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: Reflect.get(v, keys[i]!), key: keys[i]!, parent: step, depth });
  }
  return null;
}
