import { describe, expect, it } from "vitest";
import { MAX_INPUT_DEPTH, MAX_INPUT_VALUES, plainJsonIssue, textProblem } from "./plain-json";

describe("plainJsonIssue: what may reach a schema", () => {
  it("lets plain JSON through, undefined properties (superjson's unset fields) and shared references included", () => {
    const shared = { a: 1 };
    expect(plainJsonIssue({ s: "é 🎉 \u2028", n: -0, b: false, x: null, list: [1, "2", [3]], u: undefined })).toBeNull();
    expect(plainJsonIssue({ left: shared, right: shared })).toBeNull();
    expect(plainJsonIssue(Object.create(null))).toBeNull();
    expect(plainJsonIssue(undefined)).toBeNull();
  });

  it("names the path of a NUL byte or an unpaired surrogate, in values and in keys", () => {
    expect(plainJsonIssue({ target: { items: [{ title: "ok" }, { title: "a\u0000b" }] } })).toEqual({
      path: ["target", "items", 1, "title"],
      message: "Text cannot contain a NUL character (\\u0000).",
    });
    expect(plainJsonIssue({ q: "x\ud800" })?.path).toEqual(["q"]);
    expect(plainJsonIssue({ q: "\udc00x" })?.message).toMatch(/unpaired surrogate/);
    expect(plainJsonIssue({ q: "\ud83c\udf89" })).toBeNull();
    expect(plainJsonIssue({ items: [{ "ti\u0000tle": 1 }] })).toEqual({ path: ["items", 0, "ti\u0000tle"], message: "A key cannot contain a NUL character (\\u0000)." });
  });

  it("refuses the prototype's keys anywhere, as own properties of parsed JSON", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const input: unknown = JSON.parse(`{"target":{"items":[{"title":"x","${key}":{"polluted":true}}]}}`);
      expect(plainJsonIssue(input)).toEqual({ path: ["target", "items", 0, key], message: `"${key}" is not allowed as a key.` });
    }
    expect(plainJsonIssue({ value: "constructor" })).toBeNull();
  });

  it("refuses what only superjson can carry: BigInt, Date, Map, Set, NaN and Infinity, and values that contain themselves", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    const cases: [unknown, RegExp][] = [
      [{ n: 10n }, /not a BigInt/],
      [{ d: new Date() }, /not a Date/],
      [{ m: new Map() }, /not a Map/],
      [{ s: new Set([1]) }, /not a Set/],
      [{ n: Number.NaN }, /not NaN/],
      [{ n: -Infinity }, /not -Infinity/],
      [{ r: /x/ }, /not a RegExp/],
      [cyclic, /contains itself/],
    ];
    for (const [input, message] of cases) expect(plainJsonIssue(input)?.message, String(message)).toMatch(message);
    expect(plainJsonIssue(cyclic)?.path).toEqual(["self", "back"]);
  });

  it("bounds nesting and the number of values without recursing (no stack to exhaust)", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(plainJsonIssue(deep)?.message).toBe(`The input is nested more than ${MAX_INPUT_DEPTH} levels deep.`);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = { c: ok };
    expect(plainJsonIssue(ok)).toBeNull();
    // A 2^40-value tree from 40 shared arrays: what superjson's referential equalities can build.
    let bomb: unknown[] = [1];
    for (let i = 0; i < 40 && i < MAX_INPUT_DEPTH - 1; i++) bomb = [bomb, bomb];
    expect(plainJsonIssue(bomb)?.message).toMatch(`more than ${MAX_INPUT_VALUES.toLocaleString("en-US")} values`);
  });
});

describe("textProblem", () => {
  it("accepts any well-formed text and names what PostgreSQL cannot store", () => {
    expect(textProblem("plain, ünïcødé, 😀, \t\n")).toBeNull();
    expect(textProblem("\u0000")).toMatch(/NUL/);
    expect(textProblem("a\ud800", "The name")).toBe("The name is not valid Unicode: it has an unpaired surrogate.");
  });
});
