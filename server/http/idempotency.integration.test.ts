import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { appOrigin, cookieAs } from "../../tests/helpers/http";
import { seedRows } from "../../tests/helpers/seed";
import { ROUTE_RULES } from "../auth/route-rules";
import { pool } from "../db";
import { AppError } from "../errors";
import { validateBatch } from "../row-batches/validate";
import { batchInputSchema } from "../contracts/batch";
import { readJsonBody } from "./body";
import { idempotencyKeyOf, requestHash, sweepIdempotencyKeys, withIdempotency, type IdempotentResponse } from "./idempotency";
import { withActor } from "./route";

const ROOT = path.resolve(import.meta.dirname, "../..");

const changed: string[] = [];
const set = (name: string, value: string) => {
  changed.push(name);
  process.env[name] = value;
};
afterEach(() => {
  for (const name of changed.splice(0)) delete process.env[name];
});

/** A run that counts its calls and answers `response`, once `gate` (when given) opens. */
function counted(response: IdempotentResponse, gate?: Promise<void>) {
  const run = async () => {
    run.calls += 1;
    await gate;
    return response;
  };
  run.calls = 0;
  return run;
}

function deferred() {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? { code: e.code, detail: e.details?.code, retryAfter: e.details?.retryAfter, message: e.message } : e),
  );

const h1 = requestHash({ method: "POST", path: "/x", body: { a: 1 } });
const h2 = requestHash({ method: "POST", path: "/x", body: { a: 2 } });

describe("withIdempotency", () => {
  it("a retry with the same key answers the first response and runs nothing", async () => {
    const run = counted({ status: 201, body: { batchId: "b-1", rows: [1, 2] } });
    const first = await withIdempotency("token:t1", "k-retry", h1, run);
    const again = await withIdempotency("token:t1", "k-retry", h1, counted({ status: 201, body: { batchId: "b-2" } }));
    expect(first).toEqual({ status: 201, body: { batchId: "b-1", rows: [1, 2] }, replayed: false });
    expect(again).toEqual({ status: 201, body: { batchId: "b-1", rows: [1, 2] }, replayed: true });
    expect(run.calls).toBe(1);
    // A 4xx the handler answered is an answer too.
    await withIdempotency("token:t1", "k-4xx", h1, counted({ status: 404, body: { error: "nope" } }));
    expect(await withIdempotency("token:t1", "k-4xx", h1, counted({ status: 201, body: {} }))).toMatchObject({ status: 404, replayed: true });
  });

  it("hashes requests by value: key order does not make another request", () => {
    expect(requestHash({ b: [1, { y: 2, x: 1 }], a: "s" })).toBe(requestHash({ a: "s", b: [1, { x: 1, y: 2 }] }));
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
  });

  it("the same key with another request is refused with a clear message, and the first answer stays", async () => {
    await withIdempotency("token:t1", "k-mismatch", h1, counted({ status: 201, body: { n: 1 } }));
    expect(await codeOf(withIdempotency("token:t1", "k-mismatch", h2, counted({ status: 201, body: { n: 2 } })))).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      detail: "IDEMPOTENCY_KEY_REUSED",
      message: expect.stringMatching(/already used for a different request/),
    });
    expect(await withIdempotency("token:t1", "k-mismatch", h1, counted({ status: 500, body: {} }))).toMatchObject({ body: { n: 1 }, replayed: true });
  });

  it("keys are per actor: another token's same key is its own", async () => {
    await withIdempotency("token:t1", "k-actor", h1, counted({ status: 201, body: { who: 1 } }));
    expect(await withIdempotency("token:t2", "k-actor", h2, counted({ status: 201, body: { who: 2 } }))).toMatchObject({ body: { who: 2 }, replayed: false });
    expect(await withIdempotency("user:u1", "k-actor", h1, counted({ status: 201, body: { who: 3 } }))).toMatchObject({ body: { who: 3 }, replayed: false });
  });

  it("a duplicate while the first is in flight is refused as in progress once its wait is over; within it, it gets the first answer", async () => {
    const gate = deferred();
    const run = counted({ status: 201, body: { slow: true } }, gate.promise);
    const first = withIdempotency("token:t1", "k-flight", h1, run);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await codeOf(withIdempotency("token:t1", "k-flight", h1, counted({ status: 201, body: {} }), { waitMs: 300 }))).toMatchObject({
      code: "CONFLICT",
      detail: "IDEMPOTENCY_KEY_IN_PROGRESS",
      retryAfter: 1,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const waiting = withIdempotency("token:t1", "k-flight", h1, counted({ status: 201, body: {} }), { waitMs: 5000 });
    setTimeout(gate.open, 200);
    expect(await waiting).toEqual({ status: 201, body: { slow: true }, replayed: true });
    expect(await first).toMatchObject({ replayed: false });
    expect(run.calls).toBe(1);
  });

  it("a request that fails (throws, or answers 5xx) stores nothing: the same key runs again", async () => {
    await expect(withIdempotency("token:t1", "k-throw", h1, () => Promise.reject(new AppError("BAD_REQUEST", "bad")))).rejects.toThrow("bad");
    expect(await withIdempotency("token:t1", "k-throw", h2, counted({ status: 201, body: { ok: 1 } }))).toMatchObject({ replayed: false });
    await withIdempotency("token:t1", "k-5xx", h1, counted({ status: 503, body: {} }));
    expect(await withIdempotency("token:t1", "k-5xx", h1, counted({ status: 201, body: { ok: 2 } }))).toMatchObject({ body: { ok: 2 }, replayed: false });
  });

  it("a live claim is renewed while its request runs, so a slow request is not taken over", async () => {
    set("IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS", "1");
    const gate = deferred();
    const first = withIdempotency("token:t1", "k-slow", h1, counted({ status: 201, body: { slow: 1 } }, gate.promise));
    await new Promise((r) => setTimeout(r, 2500));
    const late = counted({ status: 201, body: { slow: 2 } });
    expect(await codeOf(withIdempotency("token:t1", "k-slow", h1, late, { waitMs: 0 }))).toMatchObject({ detail: "IDEMPOTENCY_KEY_IN_PROGRESS" });
    expect(late.calls).toBe(0);
    gate.open();
    expect(await first).toMatchObject({ body: { slow: 1 } });
  });

  it("a claim left by a killed web process becomes retryable for the same request once its lease ends", async () => {
    set("IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS", "1");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/helpers/hanging-claim.ts"), "token:t1", "k-dead", h1], {
      cwd: ROOT,
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("claimed") && resolve());
      child.once("exit", () => reject(new Error("the claiming process ended before it claimed")));
    });
    child.kill("SIGKILL");
    await exited;
    // Right after the kill the claim still looks alive…
    expect(await codeOf(withIdempotency("token:t1", "k-dead", h1, counted({ status: 201, body: {} }), { waitMs: 0 }))).toMatchObject({ detail: "IDEMPOTENCY_KEY_IN_PROGRESS" });
    await new Promise((r) => setTimeout(r, 1200));
    // …then another request cannot take it over, and the same one can.
    expect(await codeOf(withIdempotency("token:t1", "k-dead", h2, counted({ status: 201, body: {} }), { waitMs: 0 }))).toMatchObject({ detail: "IDEMPOTENCY_KEY_REUSED" });
    const retry = counted({ status: 201, body: { recovered: true } });
    expect(await withIdempotency("token:t1", "k-dead", h1, retry, { waitMs: 0 })).toEqual({ status: 201, body: { recovered: true }, replayed: false });
    expect(await withIdempotency("token:t1", "k-dead", h1, counted({ status: 201, body: {} }))).toMatchObject({ body: { recovered: true }, replayed: true });
  }, 30_000);

  it("keys expire after the TTL: then the key is new again, and the sweep deletes what expired", async () => {
    await withIdempotency("token:t1", "k-old", h1, counted({ status: 201, body: { old: true } }));
    await withIdempotency("token:t1", "k-old2", h1, counted({ status: 201, body: { old: true } }));
    await pool().query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key IN ('k-old', 'k-old2')`);
    expect(await withIdempotency("token:t1", "k-old", h2, counted({ status: 201, body: { fresh: true } }))).toMatchObject({ body: { fresh: true }, replayed: false });
    expect(await sweepIdempotencyKeys()).toBe(1);
    const { rows } = await pool().query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE key LIKE 'k-old%'`);
    expect(rows.map((r) => r.key)).toEqual(["k-old"]);
  });
});

describe("the Idempotency-Key header", () => {
  const keyOf = (value: string) => {
    try {
      return idempotencyKeyOf(new Headers({ "idempotency-key": value }));
    } catch (e) {
      return e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    }
  };

  it("takes 1 to 255 printable characters and refuses the rest saying why", () => {
    expect(idempotencyKeyOf(new Headers())).toBeNull();
    expect(keyOf("a")).toBe("a");
    expect(keyOf("order 42/retry:#1")).toBe("order 42/retry:#1");
    expect(keyOf("x".repeat(255))).toBe("x".repeat(255));
    expect(keyOf("x".repeat(256))).toBe("BAD_REQUEST: Idempotency-Key must be 1 to 255 printable ASCII characters; it has 256 characters.");
    expect(keyOf("")).toBe("BAD_REQUEST: Idempotency-Key must be 1 to 255 printable ASCII characters; it is empty.");
    expect(keyOf("a\tb")).toMatch(/it has characters other than printable ASCII/);
    expect(keyOf("caf\u00e9")).toMatch(/it has characters other than printable ASCII/);
  });
});

describe("idempotent route handlers (withActor)", () => {
  ROUTE_RULES["test.batches.create"] = { minRole: "operator", scope: "batches", subject: { on: "none" }, rateClass: "jobCreation" };
  const create = withActor(
    "test.batches.create",
    async ({ req, actor }) => Response.json(await validateBatch(actor, batchInputSchema.parse(await readJsonBody(req))), { status: 201, headers: { location: "/batches/new" } }),
    { idempotent: true },
  );
  let cookie = "";
  beforeAll(async () => {
    await seedRows({ letters: 5 });
    cookie = await cookieAs("operator");
  });
  const input = (ids: number[]) => ({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "restore" } });
  const post = async (body: unknown, key?: string) => {
    const res = await create(
      new Request(`${appOrigin()}/api/test/batches`, {
        method: "POST",
        headers: { cookie, origin: appOrigin(), "content-type": "application/json", ...(key === undefined ? {} : { "idempotency-key": key }) },
        body: JSON.stringify(body),
      }),
    );
    return { status: res.status, headers: res.headers, json: (await res.json()) as { batchId?: string; error?: { code: string; message: string; details?: { code?: string } } } };
  };
  const batches = async () => (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches")).rows[0]!.n;

  it("a retried POST answers the first batch and creates no second one", async () => {
    const before = await batches();
    const first = await post(input([1, 2]), "create-1");
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect([first.headers.get("idempotent-replayed"), first.headers.get("location")]).toEqual(["false", "/batches/new"]);
    // The same body with its keys in another order is the same request.
    const again = await post({ operation: { type: "restore" }, target: { ids: [1, 2], kind: "ids" }, resource: "letters" }, "create-1");
    expect([again.status, again.json.batchId, again.headers.get("idempotent-replayed")]).toEqual([201, first.json.batchId, "true"]);
    expect(again.headers.get("x-ratelimit-limit")).toBe("3600");
    expect(await batches()).toBe(before + 1);
    // Without a key every POST is its own.
    await post(input([1, 2]));
    expect(await batches()).toBe(before + 2);
  });

  it("two concurrent POSTs with one key create one batch", async () => {
    const before = await batches();
    const [a, b] = await Promise.all([post(input([3]), "create-race"), post(input([3]), "create-race")]);
    expect(await batches()).toBe(before + 1);
    const ids = [a, b].filter((r) => r.status === 201).map((r) => r.json.batchId);
    expect(new Set(ids).size).toBe(1);
    for (const r of [a, b]) expect(r.status === 201 || r.json.error?.details?.code === "IDEMPOTENCY_KEY_IN_PROGRESS").toBe(true);
  });

  it("the same key with another body is 422, a malformed key 400, and neither creates a batch", async () => {
    await post(input([4]), "create-2");
    const before = await batches();
    const other = await post(input([5]), "create-2");
    expect([other.status, other.json.error?.code, other.json.error?.details?.code]).toEqual([422, "UNPROCESSABLE_CONTENT", "IDEMPOTENCY_KEY_REUSED"]);
    const bad = await post(input([5]), "x".repeat(300));
    expect([bad.status, bad.json.error?.message]).toEqual([400, "Idempotency-Key must be 1 to 255 printable ASCII characters; it has 300 characters."]);
    // The body is read (to fingerprint it) no further than the route's limit.
    const huge = await post({ ...input([5]), padding: "x".repeat(70 * 1024) }, "create-huge");
    expect([huge.status, huge.json.error?.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(await batches()).toBe(before);
  });

  it("a request the handler refuses stores nothing, so the corrected request may reuse its key", async () => {
    const refused = await post({ resource: "letters" }, "create-3");
    expect(refused.status).toBe(400);
    const fixed = await post(input([1]), "create-3");
    expect([fixed.status, fixed.headers.get("idempotent-replayed")]).toEqual([201, "false"]);
  });
});
