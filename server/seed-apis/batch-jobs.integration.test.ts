import { beforeAll, describe, expect, it } from "vitest";
import { cookieAs } from "../../tests/helpers/http";
import { rest, restCode } from "../../tests/helpers/rest";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { expectSeedShape } from "../../tests/helpers/seed-shape";
import * as seed from "../../tests/seed-examples/003-batch-jobs";
import { userActor, WORKER } from "../auth/actor";
import { controlBatch } from "../batches/control";
import { tryMove } from "../batches/transition";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";

// Seed 003's batch jobs through the REST catch-all (/api/v1), as a script calls them: every body the
// seed prints replayed, answers compared with its examples key by key, jobs run by the engine.

type Who = "admin" | "operator" | "viewer";
const cookies = {} as Record<Who, string>;
type Op = { index: number; batch_id: string; status: string; total: number };
type Created = { data: { job_id: string; status: string; progress: { total_operations: number; completed: number; failed: number; percentage: number }; operations: Op[] } };
type Status = {
  data: {
    status: string;
    progress: { total_operations: number; completed: number; failed: number; percentage: number; current_operation: { index: number; resource_id: string | null; type: string } | null };
    statistics: { success_rate: number | null };
    errors: { operation_index: number; resource_id: string; status: string; attempts: number; error: { code: string } }[];
    operations: Op[];
  };
};
type SeedError = { error: { code: string; message: string; details: { field: string; code: string; message: string }[] } };

beforeAll(async () => {
  await seedRows({ letters: 60 });
  for (const who of ["admin", "operator", "viewer"] as const) cookies[who] = await cookieAs(who);
});

let next = 1;
/** `n` letters of `owner`, made anonymous drafts of one new sender; returns the sender and their ids. */
async function letters(n: number, owner: Who = "admin"): Promise<{ sender: string; ids: number[] }> {
  const ids = Array.from({ length: n }, (_, i) => next + i);
  next += n;
  const sender = `job-sender-${ids[0]}`;
  await pool().query("UPDATE letters SET status = 'draft', anonymous = true, sender_name = $2, owner_id = $3, deleted_at = NULL, archived_at = NULL WHERE id = ANY($1::int4[])", [ids, sender, await userId(owner)]);
  return { sender, ids };
}
const titles = async (ids: number[]) => (await pool().query<{ title: string }>("SELECT title FROM letters WHERE id = ANY($1::int4[]) ORDER BY id", [ids])).rows.map((r) => r.title);
const stateOf = async (id: string) => (await pool().query<{ state: string }>("SELECT state FROM batches WHERE id = $1", [id])).rows[0]!.state;
const create = (who: Who, body: unknown) => rest("POST", "/batch/jobs", { cookie: cookies[who], body });
const status = async (who: Who, jobId: string) => (await rest("GET", `/batch/jobs/${jobId}`, { cookie: cookies[who] })).json as Status;
const lenient = { parallel: true, validation: { mode: "lenient", on_error: "skip" } };
const update = (sender: string, title: string) => ({ type: "update", resource: "letters", filter: { status: "draft", anonymous: true, sender_name: sender }, update: { title } });

describe("seed 003: the printed bodies, replayed", () => {
  it("refuses the seed's own body with INVALID_BATCH (we have no 'fields' resource), in the seed's error shape", async () => {
    const r = await create("admin", seed.CREATE_JOB);
    expect(r.status, r.text).toBe(400);
    expectSeedShape(r.json, seed.CREATION_ERROR);
    expect((r.json as SeedError).error.details).toEqual([{ field: "operations[0].resource", code: "INVALID_RESOURCE", message: expect.stringContaining("Unknown resource: fields") as string }]);
  });

  it("creates the adapted job (201, the seed's create answer), maps its options onto the batch, and runs it to completion", async () => {
    const { sender, ids } = await letters(4);
    const r = await create("admin", seed.ADAPTED_JOB(sender));
    expect(r.status, r.text).toBe(201);
    expectSeedShape(r.json, seed.CREATE_RESPONSE);
    const created = (r.json as Created).data;
    expect([created.status, created.progress]).toEqual(["queued", { total_operations: 4, completed: 0, failed: 0, percentage: 0 }]);
    expect(r.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const batchId = created.operations[0]!.batch_id;
    const { rows } = await pool().query<{ options: Record<string, unknown>; job_id: string }>("SELECT options, job_id FROM batches WHERE id = $1", [batchId]);
    expect(rows[0]).toMatchObject({ job_id: created.job_id, options: { maxParallel: 5, retries: 3, validation: "strict", onError: "skip" } });
    await runToEnd(batchId);
    expect(await titles(ids)).toEqual(["Daily schedule", "Daily schedule", "Daily schedule", "Daily schedule"]);
    const done = (await status("admin", created.job_id)).data;
    expect([done.status, done.progress.completed, done.progress.failed, done.progress.percentage, done.progress.current_operation, done.errors]).toEqual(["completed", 4, 0, 100, null, []]);
    expect(done.statistics.success_rate).toBe(100);
  });

  it("answers status mid-run as the seed prints it: current operation, statistics and the failed rows", async () => {
    // The operator's job reaches one admin row: planned invalid (PERMISSION_DENIED), skipped in lenient mode.
    const mine = await letters(3, "operator");
    const theirs = await letters(1, "admin");
    await pool().query("UPDATE letters SET sender_name = $1 WHERE id = $2", [mine.sender, theirs.ids[0]]);
    const second = await letters(2, "operator");
    const r = await create("operator", { batch: { type: "letters_update", operations: [update(mine.sender, "First"), update(second.sender, "Second")], options: { ...lenient, parallel: false } } });
    expect(r.status, r.text).toBe(201);
    const job = (r.json as Created).data;
    const [first, then] = job.operations.map((o) => o.batch_id) as [string, string];
    expect([await stateOf(first), await stateOf(then)]).toEqual(["queued", "previewed"]);
    await runToEnd(first);
    // The chain committed the next operation with the end of the first.
    expect(await stateOf(then)).toBe("queued");
    await withTransaction((client) => tryMove(client, then, "start", WORKER));
    const running = (await status("operator", job.job_id));
    expectSeedShape(running, seed.STATUS_RESPONSE);
    const d = running.data;
    expect([d.status, d.progress.total_operations, d.progress.completed, d.progress.failed, d.progress.percentage]).toEqual(["running", 6, 3, 1, 66]);
    expect(d.progress.current_operation).toMatchObject({ index: 5, type: "update", resource_id: String(second.ids[0]) });
    expect(d.statistics.success_rate).toBe(75);
    expect(d.errors).toEqual([expect.objectContaining({ operation_index: 4, resource_id: String(theirs.ids[0]), status: "skipped", attempts: 0, error: expect.objectContaining({ code: "PERMISSION_DENIED" }) as object })]);
    await runToEnd(then);
    expect(await titles(mine.ids)).toEqual(["First", "First", "First"]);
    expect(await titles(second.ids)).toEqual(["Second", "Second"]);
    expect((await titles(theirs.ids))[0]).not.toBe("First");
    expect((await status("operator", job.job_id)).data.status).toBe("completed");
  });
});

describe("seed 003: sequential jobs", () => {
  it("wait their turn (a later operation cannot be committed by hand) and stop when an operation is cancelled", async () => {
    const a = await letters(2);
    const b = await letters(2);
    const r = await create("admin", { batch: { type: "chain", operations: [update(a.sender, "A"), update(b.sender, "B")], options: { ...lenient, parallel: false } } });
    const job = (r.json as Created).data;
    const [first, then] = job.operations.map((o) => o.batch_id) as [string, string];
    const early = await rest("POST", `/batches/${then}/commit`, { cookie: cookies.admin });
    expect([early.status, restCode(early)]).toEqual([409, "CONFLICT"]);
    // So its summary offers no commit (the console shows none), only discard.
    const waiting = await rest("GET", `/batches/${then}`, { cookie: cookies.admin });
    expect((waiting.json as { allowedActions: string[] }).allowedActions).toEqual(["discard"]);
    await controlBatch(userActor({ id: await userId("admin"), email: "admin@example.com", name: "Admin", role: "admin" }), first, "cancel");
    expect([await stateOf(first), await stateOf(then)]).toEqual(["cancelled", "discarded"]);
    expect((await status("admin", job.job_id)).data.status).toBe("cancelled");
    expect(await titles(b.ids)).not.toContain("B");
  });

  it("run all operations at once when parallel", async () => {
    const a = await letters(1);
    const b = await letters(1);
    const job = ((await create("admin", { batch: { type: "both", operations: [update(a.sender, "P"), update(b.sender, "P")], options: lenient } })).json as Created).data;
    expect(await Promise.all(job.operations.map((o) => stateOf(o.batch_id)))).toEqual(["queued", "queued"]);
  });
});

describe("seed 003: bad input is INVALID_BATCH with details, never a 500", () => {
  const base = (patch: (b: ReturnType<typeof seed.ADAPTED_JOB>["batch"]) => unknown) => {
    const body = structuredClone(seed.ADAPTED_JOB("nobody"));
    return { batch: patch(body.batch) ?? body.batch };
  };
  const cases: [string, unknown, string, string][] = [
    ["an unknown operation type", base((b) => void (b.operations[0]!.type = "process")), "operations[0].type", "INVALID_OPERATION"],
    ["max_concurrent past our bound", base((b) => ({ ...b, options: { max_concurrent: 99 } })), "options.max_concurrent", "INVALID_OPTION"],
    ["too many retry attempts", base((b) => ({ ...b, options: { retry: { attempts: 11 } } })), "options.retry.attempts", "INVALID_OPTION"],
    ["a backoff we do not have", base((b) => ({ ...b, options: { retry: { backoff: "linear" } } })), "options.retry.backoff", "INVALID_OPTION"],
    ["an unknown validation mode", base((b) => ({ ...b, options: { validation: { mode: "fuzzy" } } })), "options.validation.mode", "INVALID_OPTION"],
    ["an unknown on_error", base((b) => ({ ...b, options: { validation: { on_error: "explode" } } })), "options.validation.on_error", "INVALID_OPTION"],
    ["a filter on no field", base((b) => void (b.operations[0]!.filter = { irrigation_enabled: true } as never)), "operations[0].filter.irrigation_enabled", "INVALID_FILTER"],
    ["an object for a text field", base((b) => void (b.operations[0]!.update = { title: { frequency: "daily" } } as never)), "operations[0].update.title", "INVALID_VALUE"],
    ["no operations", base((b) => ({ ...b, operations: [] })), "operations", "INVALID_OPERATION"],
    ["parallel as text", base((b) => ({ ...b, options: { parallel: "yes" } })), "options.parallel", "INVALID_OPTION"],
    ["an unknown key", base((b) => ({ ...b, priority: 1 })), "batch", "INVALID_FIELD"],
    ["not an object", [1, 2], "batch", "INVALID_FIELD"],
  ];
  it.each(cases)("%s", async (_name, body, field, code) => {
    const r = await create("admin", body);
    expect(r.status, r.text).toBe(400);
    expectSeedShape(r.json, seed.CREATION_ERROR);
    const e = (r.json as SeedError).error;
    expect([e.code, e.message]).toEqual(["INVALID_BATCH", "Invalid batch job configuration"]);
    expect(e.details.map((d) => [d.field, d.code])).toContainEqual([field, code]);
  });

  it("names the seed's message for an unknown type, and takes stop as abort", async () => {
    const r = await create("admin", base((b) => void (b.operations[0]!.type = "process")));
    expect((r.json as SeedError).error.details[0]!.message).toBe("Unknown operation type: process");
    const { sender } = await letters(1);
    const ok = await create("admin", seed.ADAPTED_JOB(sender, { validation: { mode: "lenient", on_error: "stop" } }));
    const batchId = (ok.json as Created).data.operations[0]!.batch_id;
    expect((await pool().query("SELECT options->>'onError' AS e FROM batches WHERE id = $1", [batchId])).rows[0]).toEqual({ e: "abort" });
  });
});

describe("seed 003: permissions", () => {
  it("refuse viewers, keep operators to their own rows (strict refuses the job), let admins reach all", async () => {
    const viewer = await create("viewer", seed.ADAPTED_JOB("x"));
    expectSeedShape(viewer.json, { error: { code: "FORBIDDEN", message: "", details: [] } });
    expect(viewer.status).toBe(403);
    const mixed = await letters(2, "operator");
    const other = await letters(1, "admin");
    await pool().query("UPDATE letters SET sender_name = $1 WHERE id = $2", [mixed.sender, other.ids[0]]);
    const strict = await create("operator", seed.ADAPTED_JOB(mixed.sender));
    expect([strict.status, (strict.json as SeedError).error.details[0]?.code]).toEqual([400, "VALIDATION_FAILED"]);
    const { rows } = await pool().query<{ state: string }>("SELECT state FROM batches WHERE created_at > now() - interval '1 minute' AND target::text LIKE '%' || $1 || '%'", [mixed.sender]);
    expect(rows.map((r) => r.state)).toEqual(["discarded"]);
    const all = ((await create("admin", seed.ADAPTED_JOB(mixed.sender))).json as Created).data;
    expect(all.progress.total_operations).toBe(3);
    await runToEnd(all.operations[0]!.batch_id);
    expect(await titles([...mixed.ids, ...other.ids])).toEqual(["Daily schedule", "Daily schedule", "Daily schedule"]);
    // A job is seen by its creator and admins only.
    expect((await rest("GET", `/batch/jobs/${all.job_id}`, { cookie: cookies.operator })).status).toBe(404);
    expect((await rest("GET", `/batch/jobs/${all.job_id}`, { cookie: cookies.viewer })).status).toBe(404);
    expect((await rest("GET", `/batch/jobs/${all.job_id}`, { cookie: cookies.admin })).status).toBe(200);
    const missing = await rest("GET", "/batch/jobs/not-a-job", { cookie: cookies.admin });
    expect([missing.status, (missing.json as SeedError).error.code]).toEqual([404, "NOT_FOUND"]);
    expect((await rest("GET", `/batch/jobs/${all.job_id}`)).status).toBe(401);
  });
});
