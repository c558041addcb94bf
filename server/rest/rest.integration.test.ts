import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { idsWhere } from "../../tests/helpers/batch";
import { cookieAs } from "../../tests/helpers/http";
import { rest, restCode } from "../../tests/helpers/rest";
import { runExportNow } from "../../tests/helpers/exports";
import { runToEnd } from "../../tests/helpers/run-batch";
import { fileServer, mediaFiles, runFetchNow } from "../../tests/helpers/media";
import { seedRows, userId } from "../../tests/helpers/seed";
import { waitFor } from "../../tests/helpers/worker-process";
import { pool } from "../db";
import { producer } from "../jobs/boss";
import { openApiDocument } from "./openapi";
import { healthOutput } from "./outputs/system";
import { generateApiTypes, TYPES_FILE } from "../../scripts/api-client/types";
import { readFile } from "node:fs/promises";

// The REST API as a script uses it: every documented operation answers (and, outside production,
// what it answers is checked against its documented output schema by the dispatcher), errors have
// one shape, `?wait=` returns a finished batch, and the event stream resumes from Last-Event-ID.

process.env.PROGRESS_STREAM_QUIET_MS = "1000";
// The test file server is on loopback, which fetches refuse by default (SSRF).
process.env.MEDIA_FETCH_ALLOW_PRIVATE = "true";

let admin = "";
let operator = "";
let viewer = "";
let letterIds: number[] = [];

beforeAll(async () => {
  await producer();
  await seedRows({ letters: 30 });
  [admin, operator, viewer] = await Promise.all([cookieAs("admin"), cookieAs("operator"), cookieAs("viewer")]);
  // The operator's own rows: each test batch changes all of them.
  letterIds = await idsWhere("letters", "deleted_at IS NULL AND archived_at IS NULL AND owner_id = $1", [await userId("operator")]);
});

const restoreSome = (ids: number[]) => ({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "update", changes: [{ field: "title", op: "set", value: "Via REST" }] } });

async function stateOf(batchId: string): Promise<string> {
  const { rows } = await pool().query<{ state: string }>("SELECT state FROM batches WHERE id = $1", [batchId]);
  return rows[0]!.state;
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(openApiDocument("http://localhost:3000") as never);
    expect(result.errors ?? null).toBeNull();
    expect(result.valid).toBe(true);
  });

  it("matches the committed client types (run `npm run api-client` after changing the API)", async () => {
    expect(await generateApiTypes()).toBe(await readFile(TYPES_FILE, "utf8"));
  });

  it("is served at /api/v1/openapi.json without a token", async () => {
    const { GET } = await import("../../app/api/v1/openapi.json/route");
    const res = GET();
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/batches/{batchId}");
  });
});

describe("REST operations", () => {
  it("run a batch: validate (dry run) → items → commit with ?wait → status, with documented outputs", async () => {
    const validated = await rest("POST", "/batches/validate", { cookie: operator, body: restoreSome(letterIds.slice(0, 3)) });
    expect(validated.status, validated.text).toBe(201);
    const batch = validated.json as { id: string; state: string; preview: { total: number } };
    expect([batch.state, batch.preview.total]).toEqual(["previewed", 3]);

    const items = await rest("GET", `/batches/${batch.id}/items?page=1&pageSize=2`, { cookie: operator });
    expect(items.status, items.text).toBe(200);
    expect((items.json as { items: unknown[]; total: number }).items).toHaveLength(2);

    const committing = rest("POST", `/batches/${batch.id}/commit?wait=20`, { cookie: operator });
    await waitFor(async () => (await stateOf(batch.id)) === "queued" || null, 10_000, "batch queued");
    await runToEnd(batch.id);
    const committed = await committing;
    expect(committed.status, committed.text).toBe(200);
    expect((committed.json as { state: string }).state).toBe("completed");

    const status = await rest("GET", `/batches/${batch.id}`, { cookie: operator });
    expect((status.json as { progress: { counts: { succeeded: number } } }).progress.counts.succeeded).toBe(3);
    const list = await rest("GET", "/batches?pageSize=5", { cookie: operator });
    expect((list.json as { batches: { id: string }[] }).batches.map((b) => b.id)).toContain(batch.id);

    const csv = await rest("GET", `/batches/${batch.id}/results`, { cookie: operator });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\n").filter(Boolean).length).toBe(4);
  });

  it("answer every documented path (none is a 404 or a 5xx for a caller who may use it)", async () => {
    const validated = await rest("POST", "/batches/validate", { cookie: admin, body: restoreSome(letterIds.slice(5, 7)) });
    const batchId = (validated.json as { id: string }).id;
    const exp = await rest("POST", "/exports", { cookie: admin, body: { resource: "letters", target: { kind: "ids", ids: letterIds.slice(0, 4) }, format: "csv" } });
    expect(exp.status, exp.text).toBe(201);
    const exportId = (exp.json as { id: string }).id;
    await runExportNow(exportId);
    const fileId = ((await rest("GET", `/exports/${exportId}`, { cookie: admin })).json as { fileId: string }).fileId;
    expect(fileId).toBeTruthy();
    const files = await fileServer((_req, res) => res.end("media bytes"));
    const mediaIds = await mediaFiles(files.base, ["/a.txt"], await userId("admin"));
    const fetch = await rest("POST", "/media/fetches", { cookie: admin, body: { target: { kind: "ids", ids: mediaIds } } });
    expect(fetch.status, fetch.text).toBe(201);
    const fetchId = (fetch.json as { id: string }).id;
    await runFetchNow(fetchId);
    await files.close();
    // Seed 003's job: an update of one of the operator's letters, selected by its id.
    const jobBody = { batch: { type: "rest_check", operations: [{ type: "update", resource: "letters", filter: { id: letterIds[12] }, update: { title: "Via a job" } }] } };
    const job = await rest("POST", "/batch/jobs", { cookie: admin, body: jobBody });
    expect(job.status, job.text).toBe(201);
    const jobId = (job.json as { data: { job_id: string } }).data.job_id;
    // Seed 003's template: an update of letters given at run time (a PUT of the same body makes version 2).
    const templateBody = { name: "rest_check", parameters: [{ name: "title", type: "string", required: true }], operations: [{ type: "update", resource: "letters", template: { title: "${title}" } }] };
    const template = await rest("POST", "/batch/templates", { cookie: admin, body: templateBody });
    expect(template.status, template.text).toBe(201);
    const templateId = (template.json as { data: { id: string } }).data.id;
    // Seed 003's schedule of that template, daily in Tokyo.
    const scheduleBody = { schedule: { name: "rest_check", batch: { template_id: templateId, parameters: { title: "Scheduled" }, ids: [letterIds[4]] }, timing: { frequency: "daily", time: "06:00", timezone: "Asia/Tokyo" } } };
    const schedule = await rest("POST", "/batch/schedules", { cookie: admin, body: scheduleBody });
    expect(schedule.status, schedule.text).toBe(201);
    const scheduleId = (schedule.json as { data: { schedule_id: string } }).data.schedule_id;
    // A disabled approval rule (an enabled one would make the other calls' commits wait for approval).
    const rule = await rest("POST", "/approval-rules", { cookie: admin, body: { name: "rest_check", enabled: false } });
    expect(rule.status, rule.text).toBe(201);
    const ruleId = (rule.json as { id: string }).id;
    const values: Record<string, string> = { batchId, fileId, resource: "letters", job_id: jobId, template_id: templateId, schedule_id: scheduleId, ruleId, id: String(letterIds[5]), rowId: String(letterIds[5]) };
    const batchFor = (path: string) => (path.startsWith("/media/") ? fetchId : path.startsWith("/exports/") ? exportId : batchId);
    const bodies: Record<string, unknown> = {
      "/resources/{resource}/query": { pageSize: 5 },
      "/resources/{resource}/count": { selection: { scope: "active" } },
      "/batches/validate": restoreSome(letterIds.slice(8, 9)),
      "/batches": restoreSome(letterIds.slice(9, 10)),
      "/exports": { resource: "letters", target: { kind: "ids", ids: [letterIds[0]] }, format: "json" },
      "/media/fetches": { target: { kind: "ids", ids: mediaIds } },
      "/batch/jobs": jobBody,
      "/batch/templates": templateBody,
      "/batch/templates/{template_id}": templateBody,
      "/batch/templates/{template_id}/run": { parameters: { title: "Via a template" }, ids: [letterIds[13]] },
      "/batch/schedules": scheduleBody,
      "/approval-rules": { name: "rest_check 2", enabled: false },
      "/approval-rules/{ruleId}": { description: "changed" },
      "/batch/schedules/{schedule_id}": scheduleBody,
    };
    const doc = openApiDocument("http://localhost:3000");
    const seen: string[] = [];
    // Deletes last, so the other calls of a path still find what they act on.
    const calls = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method })));
    calls.sort((a, b) => Number(a.method === "delete") - Number(b.method === "delete"));
    for (const { path, method } of calls) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "batchId" ? batchFor(path) : values[name]!));
      const r = await rest(method.toUpperCase(), concrete, { cookie: admin, body: method === "post" || method === "put" ? (bodies[path] ?? {}) : undefined });
      seen.push(`${method} ${path} ${r.status}`);
      expect(r.status, `${method.toUpperCase()} ${concrete}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
      expect(r.status, `${method.toUpperCase()} ${concrete}: ${r.text.slice(0, 300)}`).not.toBe(404);
    }
    expect(seen.length).toBeGreaterThanOrEqual(25);
    // Answers that are not a procedure's are checked against their documented schema here.
    const health = await rest("GET", "/health");
    expect(healthOutput.safeParse(health.json).success, health.text).toBe(true);
  });
});

describe("REST errors", () => {
  it("have one shape with a stable code, message, field details and the request id", async () => {
    const r = await rest("POST", "/batches/validate", { cookie: operator, body: { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "update" }, validaton: "strict" } });
    expect(r.status).toBe(400);
    const body = r.json as { error: { code: string; message: string; details?: { fields?: unknown }; requestId: string } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(body.error.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("answer 401 without credentials, 403 for a role below the procedure's, 404 for someone else's batch", async () => {
    expect((await rest("GET", "/batches")).status).toBe(401);
    const refused = await rest("POST", "/batches/validate", { cookie: viewer, body: restoreSome([letterIds[0]!]) });
    expect([refused.status, restCode(refused)]).toEqual([403, "FORBIDDEN"]);
    const adminBatch = (await rest("POST", "/batches/validate", { cookie: admin, body: restoreSome([letterIds[1]!]) })).json as { id: string };
    const foreign = await rest("GET", `/batches/${adminBatch.id}`, { cookie: operator });
    expect([foreign.status, restCode(foreign)]).toEqual([404, "NOT_FOUND"]);
  });

  it("refuse an unknown path (404), a wrong method (405), a non-JSON body (415), a path param repeated in the body, a bad wait", async () => {
    expect(restCode(await rest("GET", "/nope", { cookie: operator }))).toBe("NOT_FOUND");
    expect((await rest("DELETE", "/batches", { cookie: operator })).status).toBe(405);
    const form = await rest("POST", "/batches/validate", { cookie: operator, body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const id = "00000000-0000-4000-8000-000000000000";
    const twice = await rest("POST", `/batches/${id}/pause`, { cookie: operator, body: { batchId: id } });
    expect([twice.status, restCode(twice)]).toEqual([400, "BAD_REQUEST"]);
    expect((await rest("GET", `/batches/${id}?wait=999`, { cookie: operator })).status).toBe(400);
    expect((await rest("GET", "/batches?page=abc", { cookie: operator })).status).toBe(400);
  });

  it("refuse a cross-site POST carrying the session cookie", async () => {
    const r = await rest("POST", "/batches/validate", { cookie: operator, origin: "https://evil.example", body: restoreSome([letterIds[0]!]) });
    expect(r.status).toBe(403);
  });
});

describe("the event stream", () => {
  it("sends progress events with ids and resumes after Last-Event-ID", async () => {
    const validated = (await rest("POST", "/batches/validate", { cookie: operator, body: restoreSome(letterIds.slice(10, 12)) })).json as { id: string };
    const first = await rest("GET", `/batches/${validated.id}/events`, { cookie: operator });
    expect(first.headers.get("content-type")).toContain("text/event-stream");
    // A previewed batch does not move: the stream sends its state, then ends once it has been quiet.
    const ids = [...first.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(first.text).toContain("event: progress");
    const resumed = await rest("GET", `/batches/${validated.id}/events`, { cookie: operator, headers: { "last-event-id": ids.at(-1)! } });
    expect(resumed.text).not.toContain("event: progress");
    expect(resumed.text).toContain("event: end");
  }, 60_000);
});

describe("REST limits and retries", () => {
  it("carry the rate-limit headers on answers and on errors", async () => {
    const ok = await rest("GET", "/batches", { cookie: operator });
    for (const h of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) expect(ok.headers.get(h), h).toMatch(/^\d+$/);
    const bad = await rest("GET", "/batches?page=0", { cookie: operator });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
  });

  it("return the first batch for a retried Idempotency-Key, never a second; the key with another body is a 422", async () => {
    const key = `retry-${Date.now()}`;
    const body = restoreSome(letterIds.slice(0, 2));
    const first = await rest("POST", "/batches/validate", { cookie: operator, body, headers: { "idempotency-key": key } });
    const again = await rest("POST", "/batches/validate", { cookie: operator, body, headers: { "idempotency-key": key } });
    expect([first.status, again.status], first.text).toEqual([201, 201]);
    expect((again.json as { id: string }).id).toBe((first.json as { id: string }).id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM batches WHERE target->'ids' = $1::jsonb AND created_at > now() - interval '1 minute'", [JSON.stringify(letterIds.slice(0, 2))]);
    expect(rows[0]!.n).toBe(1);
    const other = await rest("POST", "/batches/validate", { cookie: operator, body: restoreSome(letterIds.slice(2, 3)), headers: { "idempotency-key": key } });
    expect([other.status, restCode(other)]).toEqual([422, "UNPROCESSABLE_CONTENT"]);
  });
});
