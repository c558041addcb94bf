import { beforeAll, describe, expect, it } from "vitest";
import { appOrigin, cookieAs, routeHttp, trpcCode, trpcHttp, trpcMessage, type HttpReply } from "../../tests/helpers/http";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";

// Hostile values in every kind of input answer 400 with a message naming where they are, before
// anything reaches PostgreSQL (where NUL was error 22021/22P05, a 500) or superjson's serializer.

let admin = "";
let operator = "";
let viewer = "";

beforeAll(async () => {
  await seedRows({ letters: 20, products: 10, mediaFiles: 5 });
  [admin, operator, viewer] = await Promise.all([cookieAs("admin"), cookieAs("operator"), cookieAs("viewer")]);
});

const NUL = "a\u0000b";
const LONE = "a\ud800b";
const batchCount = async () => (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches")).rows[0]!.n;

function expectRefused(r: HttpReply, path: string) {
  expect(r.status, r.text).toBe(400);
  expect(trpcCode(r)).toBe("BAD_REQUEST");
  expect(trpcMessage(r)).toMatch(new RegExp(`^${path.replace(/\./g, "\\.")}: `));
}

const validate = (input: unknown, cookie = operator) => trpcHttp({ path: "batch.validate", type: "mutation", input, cookie });
const letters = (target: unknown, operation: unknown = { type: "create" }) => ({ resource: "letters", target, operation });

describe("NUL bytes and unpaired surrogates are refused wherever they are", () => {
  const cases: [string, () => Promise<HttpReply>, string][] = [
    ["a quick search", () => trpcHttp({ path: "resources.query", type: "query", input: { resource: "letters", selection: { q: NUL } }, cookie: viewer }), "selection.q"],
    ["a filter value", () => trpcHttp({ path: "resources.count", type: "query", input: { resource: "letters", selection: { filter: { combinator: "and", conditions: [{ field: "title", op: "eq", value: NUL }] } } }, cookie: viewer }), "selection.filter.conditions.0.value"],
    ["an 'any of' list", () => trpcHttp({ path: "resources.query", type: "query", input: { resource: "letters", selection: { filter: { combinator: "or", conditions: [{ field: "status", op: "in", value: ["draft", LONE] }] } } }, cookie: viewer }), "selection.filter.conditions.0.value.1"],
    ["a sort field", () => trpcHttp({ path: "resources.query", type: "query", input: { resource: "letters", sort: { field: NUL, dir: "asc" } }, cookie: viewer }), "sort.field"],
    ["a CSV cell (item value)", () => validate(letters({ kind: "items", items: [{ title: "fine", content: "x" }, { title: NUL, content: "x" }] })), "target.items.1.title"],
    ["an item's field name", () => validate(letters({ kind: "items", items: [{ [NUL]: "x" }] })), "target.items.0.a\u0000b"],
    ["a per-row value", () => validate(letters({ kind: "ids", ids: [1] }, { type: "updatePerRow", field: "title", values: [{ id: 1, value: LONE }] })), "operation.values.0.value"],
    ["a value to set", () => validate(letters({ kind: "ids", ids: [1] }, { type: "update", changes: [{ op: "set", field: "title", value: NUL }] })), "operation.changes.0.value"],
    ["a reason", () => validate(letters({ kind: "ids", ids: [1] }, { type: "softDelete", reason: NUL })), "operation.reason"],
    ["the batches list's filter", () => trpcHttp({ path: "batch.list", type: "query", input: { resource: NUL }, cookie: viewer }), "resource"],
    ["the batches list's creator", () => trpcHttp({ path: "batch.list", type: "query", input: { createdById: LONE }, cookie: admin }), "createdById"],
    ["the audit log's filters", () => trpcHttp({ path: "audit.list", type: "query", input: { actorEmail: NUL }, cookie: admin }), "actorEmail"],
    ["an export's field list", () => trpcHttp({ path: "exports.create", type: "mutation", input: { resource: "letters", target: { kind: "ids", ids: [1] }, format: "csv", fields: ["title", NUL] }, cookie: viewer }), "fields.1"],
    ["a media fetch's filter", () => trpcHttp({ path: "media.fetch", type: "mutation", input: { target: { kind: "filter", selection: { q: NUL } } }, cookie: operator }), "target.selection.q"],
  ];
  for (const [what, call, path] of cases) {
    it(`in ${what}`, async () => {
      const before = await batchCount();
      expectRefused(await call(), path);
      expect(await batchCount()).toBe(before);
    });
  }

  it("in a subscription's input (the error comes as the stream's event)", async () => {
    const r = await trpcHttp({ path: "batch.progress", type: "query", input: { batchId: "00000000-0000-4000-8000-000000000000", lastEventId: NUL }, cookie: viewer });
    expect(r.text).toContain("event: serialized-error");
    expect(r.text).toContain('"message":"lastEventId: Text cannot contain a NUL character (\\\\u0000).","code":-32600');
  });

  it("in route handlers' query strings, parameters and bodies (the same field messages)", async () => {
    const results = await import("../../app/api/batches/[id]/results/route");
    const file = await import("../../app/api/files/[id]/route");
    const zip = await import("../../app/api/files/zip/route");
    const id = "00000000-0000-4000-8000-000000000000";
    const query = await routeHttp(results, "GET", new Request(`${appOrigin()}/api/batches/${id}/results?filter=a%00b`, { headers: { cookie: operator } }), { id });
    expect([query.status, query.json]).toMatchObject([400, { error: { code: "BAD_REQUEST", message: "query.filter: Text cannot contain a NUL character (\\u0000)." } }]);
    const param = await routeHttp(file, "GET", new Request(`${appOrigin()}/api/files/a%00b`, { headers: { cookie: operator } }), { id: NUL });
    expect([param.status, param.json]).toMatchObject([400, { error: { code: "BAD_REQUEST", message: "params.id: Text cannot contain a NUL character (\\u0000)." } }]);
    const body = await routeHttp(
      zip,
      "POST",
      new Request(`${appOrigin()}/api/files/zip`, { method: "POST", headers: { cookie: operator, origin: appOrigin(), "content-type": "application/json" }, body: JSON.stringify({ ids: [id, LONE] }) }),
    );
    expect([body.status, body.json]).toMatchObject([400, { error: { code: "BAD_REQUEST", message: "ids.1: Text is not valid Unicode: it has an unpaired surrogate." } }]);
  });
});

describe("only plain JSON reaches a schema", () => {
  const items = (value: unknown) => letters({ kind: "items", items: [{ title: "t", content: value }] });
  it("refuses BigInt, Date, Map, Set, NaN and cyclic values that superjson can carry", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.again = cyclic;
    for (const [value, what] of [[10n, "BigInt"], [new Date(), "Date"], [new Map([["a", 1]]), "Map"], [new Set(["a"]), "Set"], [Number.NaN, "NaN"], [cyclic, "contains itself"]] as const) {
      const r = await validate(items(value));
      expectRefused(r, what === "contains itself" ? "target.items.0.content.again" : "target.items.0.content");
      expect(trpcMessage(r)).toContain(what);
    }
  });

  it("refuses a superjson payload that would rebuild prototype keys", async () => {
    const raw = JSON.stringify({ json: items("x"), meta: { values: { "target.items.0.__proto__": ["undefined"] } } });
    const r = await trpcHttp({ path: "batch.validate", type: "mutation", raw, cookie: operator });
    expect(r.status).toBe(400);
  });
});

describe("strict boundaries", () => {
  it("a misspelt option is refused, not dropped (it used to run a lenient batch)", async () => {
    const before = await batchCount();
    const r = await validate({ ...letters({ kind: "ids", ids: [1, 2] }, { type: "softDelete", reason: "r" }), options: { validaton: "strict" } });
    expect(r.status).toBe(400);
    expect(trpcMessage(r)).toBe('options: Unrecognized key: "validaton"');
    expect(await batchCount()).toBe(before);
  });

  it("unknown keys are refused at every level, and a non-object where an object is expected", async () => {
    expect((await validate({ ...letters({ kind: "ids", ids: [1], extra: 1 }, { type: "restore" }) })).status).toBe(400);
    expect((await validate(letters({ kind: "ids", ids: [1] }, { type: "restore", force: true }))).status).toBe(400);
    expect((await trpcHttp({ path: "batch.status", type: "query", input: { batchId: "00000000-0000-4000-8000-000000000000", include: "all" }, cookie: viewer })).status).toBe(400);
    for (const input of [[], "letters", 42, null]) {
      expect((await trpcHttp({ path: "resources.query", type: "query", input, cookie: viewer })).status, JSON.stringify(input)).toBe(400);
    }
  });

  for (const key of ["__proto__", "constructor", "prototype"]) {
    it(`"${key}" is refused as a key of items, natural keys and per-row values, naming where`, async () => {
      const before = await batchCount();
      const asKey = (extra: string) => JSON.parse(`{${extra}"${key}":{"title":"polluted"}}`) as Record<string, unknown>;
      const item = await trpcHttp({ path: "batch.validate", type: "mutation", raw: JSON.stringify({ json: letters({ kind: "items", items: [asKey('"title":"x","content":"y",')] }) }), cookie: admin });
      expectRefused(item, `target.items.0.${key}`);
      const naturalKey = await trpcHttp({ path: "batch.validate", type: "mutation", raw: JSON.stringify({ json: { resource: "products", target: { kind: "naturalKeys", keys: [asKey('"sku":"SKU-1",')] }, operation: { type: "deleteByKey" } } }), cookie: admin });
      expectRefused(naturalKey, `target.keys.0.${key}`);
      const perRow = await trpcHttp({
        path: "batch.validate",
        type: "mutation",
        raw: JSON.stringify({ json: letters({ kind: "ids", ids: [1] }, { type: "updatePerRow", field: "title", values: [{ id: 1, value: asKey("") }] }) }),
        cookie: admin,
      });
      expectRefused(perRow, `operation.values.0.value.${key}`);
      expect(await batchCount()).toBe(before);
    });
  }
});

describe("bounds", () => {
  const filterOfDepth = (depth: number): unknown => (depth === 1 ? { combinator: "and", conditions: [{ field: "id", op: "gt", value: 0 }] } : { combinator: "and", conditions: [filterOfDepth(depth - 1)] });
  it("a filter nests at most four groups and holds at most 200 conditions", async () => {
    const count = (filter: unknown) => trpcHttp({ path: "resources.count", type: "query", input: { resource: "letters", selection: { filter } }, cookie: viewer });
    expect((await count(filterOfDepth(4))).status).toBe(200);
    expect((await count(filterOfDepth(5))).status).toBe(400);
    const wide = { combinator: "or", conditions: Array.from({ length: 5 }, () => ({ combinator: "or", conditions: Array.from({ length: 41 }, (_, i) => ({ field: "id", op: "eq", value: i + 1 })) })) };
    const tooMany = await count(wide);
    expect(tooMany.status).toBe(400);
    expect(trpcMessage(tooMany)).toMatch(/at most 200 conditions/);
  });

  it("pages and page sizes are bounded, and a table page starts at row 10,000,000 at most", async () => {
    expect((await trpcHttp({ path: "audit.list", type: "query", input: { page: 1e12 }, cookie: admin })).status).toBe(400);
    expect((await trpcHttp({ path: "batch.items", type: "query", input: { batchId: "00000000-0000-4000-8000-000000000000", pageSize: 10_000 }, cookie: viewer })).status).toBe(400);
    const deep = await trpcHttp({ path: "resources.query", type: "query", input: { resource: "letters", page: 200_001, pageSize: 500 }, cookie: viewer });
    expect([deep.status, trpcMessage(deep)]).toEqual([400, "page: Pages reach row 10,000,000 at most; narrow the filter to see later rows."]);
  });

  it("a text value is at most 100,000 characters and an item names at most 200 fields", async () => {
    expectRefused(await validate(letters({ kind: "items", items: [{ title: "t", content: "x".repeat(100_001) }] })), "target.items.0.content");
    const wide = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, "x"]));
    expectRefused(await validate(letters({ kind: "items", items: [wide] })), "target.items.0");
  });
});
