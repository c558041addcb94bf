import { beforeAll, describe, expect, it } from "vitest";
import { cookieAs } from "../../tests/helpers/http";
import { rest } from "../../tests/helpers/rest";
import { seedRows, userId } from "../../tests/helpers/seed";
import { expectSeedShape } from "../../tests/helpers/seed-shape";
import { tokenOf } from "../../tests/helpers/tokens";
import * as seed from "../../tests/seed-examples/003-batch-schedules";
import * as templates from "../../tests/seed-examples/003-batch-templates";
import { pool } from "../db";
import { producer } from "../jobs/boss";
import { logger } from "../logger";
import { runScheduleRun } from "../schedules/run";

// Seed 003's schedules through the REST catch-all (/api/v1), with an operator's API token: the
// printed body replayed (its template adapted to one of ours), the 409 SCHEDULE_CONFLICT shape.

type Sched = { data: { schedule_id: string; status: string; timing: { cron: string; timezone: string; description: string }; next_runs: string[]; notification: unknown; guard: { max_rows: number } } };
type SeedError = { error: { code: string; message: string; details: Record<string, unknown>[] } };

let token = "";
let viewerToken = "";
let templateId = "";

beforeAll(async () => {
  for (const role of ["ADMIN", "OPERATOR"]) process.env[`BATCHES_PER_HOUR_${role}`] = "5000";
  await producer();
  await seedRows({ products: 20 });
  token = (await tokenOf("operator", ["read", "batches"])).token;
  viewerToken = (await tokenOf("viewer", ["read"])).token;
  const prefix = `SCH${Date.now() % 100000}-`;
  await pool().query("UPDATE products SET sku = $1 || id, owner_id = $2, deleted_at = NULL, archived_at = NULL WHERE id IN (SELECT id FROM products ORDER BY id LIMIT 3)", [prefix, await userId("operator")]);
  const created = await rest("POST", "/batch/templates", { cookie: await cookieAs("operator"), body: templates.ADAPTED_TEMPLATE(prefix) });
  expect(created.status, created.text).toBe(201);
  templateId = (created.json as { data: { id: string } }).data.id;
});

describe("seed 003 schedules: the printed body, replayed", () => {
  it("refuses the printed body as is: its template id is not one of ours (400 INVALID_SCHEDULE naming the field)", async () => {
    const r = await rest("POST", "/batch/schedules", { token, body: seed.SCHEDULE });
    expect(r.status, r.text).toBe(400);
    expectSeedShape(r.json, { error: { code: "", message: "", details: [{ field: "", code: "", message: "" }] } });
    expect((r.json as SeedError).error).toMatchObject({ code: "INVALID_SCHEDULE", details: [{ field: "schedule.batch.template_id", code: "INVALID_FIELD" }] });
    // A well-formed id of no template of yours: 404.
    const missing = await rest("POST", "/batch/schedules", { token, body: seed.SCHEDULE_BODY("00000000-0000-4000-8000-000000000000", {}) });
    expect(missing.status, missing.text).toBe(404);
  });

  it("saves the adapted body: Tokyo midnight daily, notification kept, next runs at 15:00 UTC", async () => {
    const r = await rest("POST", "/batch/schedules", { token, body: seed.SCHEDULE_BODY(templateId, { status: "active", name: "rice" }) });
    expect(r.status, r.text).toBe(201);
    const s = (r.json as Sched).data;
    expect(s).toMatchObject({ status: "active", timing: { cron: "0 0 * * *", timezone: "Asia/Tokyo" }, notification: seed.SCHEDULE.schedule.notification, guard: { max_rows: 1000 } });
    expect(s.timing.description).toMatch(/Asia\/Tokyo/);
    // The printed on_completion webhook is an endpoint of this schedule's; its secret is in this answer only.
    expect((r.json as { data: { webhook_secret?: string } }).data.webhook_secret).toMatch(/^whsec_/);
    expect(s.next_runs).toHaveLength(5);
    for (const at of s.next_runs) expect(new Date(at).toISOString()).toMatch(/T15:00:00\.000Z$/);
    const list = await rest("GET", "/batch/schedules", { token });
    expect((list.json as { data: { schedules: { schedule_id: string }[] } }).data.schedules.map((x) => x.schedule_id)).toContain(s.schedule_id);
    const viewer = await rest("GET", `/batch/schedules/${s.schedule_id}`, { token: viewerToken });
    expect(viewer.status).toBe(404);
  });

  it("bad parameters and a bad timing: 400 INVALID_SCHEDULE naming the seed's fields", async () => {
    const bad = await rest("POST", "/batch/schedules", { token, body: seed.SCHEDULE_BODY(templateId, { status: "sold" }) });
    expect(bad.status, bad.text).toBe(400);
    expect((bad.json as SeedError).error.code).toBe("INVALID_SCHEDULE");
    expect((bad.json as SeedError).error.details).toEqual([expect.objectContaining({ field: "schedule.batch.parameters.status", code: "INVALID_PARAMETER" })]);
    const body = seed.SCHEDULE_BODY(templateId, { status: "active" });
    const timing = await rest("POST", "/batch/schedules", { token, body: { schedule: { ...body.schedule, timing: { frequency: "daily", time: "25:00", timezone: "Asia/Tokyo" } } } });
    expect(timing.status, timing.text).toBe(400);
    expect((timing.json as SeedError).error.details[0]).toMatchObject({ field: expect.stringContaining("timing") as string });
  });

  it("run now, then again while its batch is queued: 409 SCHEDULE_CONFLICT with the seed's details; pause and resume; the runs list", async () => {
    const created = await rest("POST", "/batch/schedules", { token, body: seed.SCHEDULE_BODY(templateId, { status: "inactive" }) });
    const id = (created.json as Sched).data.schedule_id;
    const now = await rest("POST", `/batch/schedules/${id}/run`, { token });
    expect(now.status, now.text).toBe(201);
    const outcome = await runScheduleRun((now.json as { data: { run_id: string } }).data.run_id, logger);
    expect(outcome.state).toBe("committed");
    const again = await rest("POST", `/batch/schedules/${id}/run`, { token });
    expect(again.status, again.text).toBe(409);
    expectSeedShape(again.json, seed.SCHEDULE_CONFLICT);
    expect((again.json as SeedError).error.details).toEqual([{ time: expect.any(String) as string, conflict_with: outcome.batchId }]);
    const paused = await rest("POST", `/batch/schedules/${id}/pause`, { token });
    expect((paused.json as Sched).data).toMatchObject({ status: "paused", next_runs: [] });
    const resumed = await rest("POST", `/batch/schedules/${id}/resume`, { token });
    expect((resumed.json as Sched).data.status).toBe("active");
    const runs = await rest("GET", `/batch/schedules/${id}/runs`, { token });
    expect(runs.status).toBe(200);
    expect((runs.json as { data: { runs: unknown[] } }).data.runs[0]).toMatchObject({ trigger: "manual", state: "committed", batch: { batch_id: outcome.batchId, state: "queued" } });
    const replaced = await rest("PUT", `/batch/schedules/${id}`, { token, body: { schedule: { ...seed.SCHEDULE_BODY(templateId, { status: "active" }).schedule, timing: { frequency: "weekdays", time: "06:30", timezone: "Europe/Berlin" } } } });
    expect(replaced.status, replaced.text).toBe(200);
    expect((replaced.json as Sched).data.timing).toMatchObject({ cron: "30 6 * * 1-5", timezone: "Europe/Berlin" });
    const deleted = await rest("DELETE", `/batch/schedules/${id}`, { token });
    expect(deleted.status).toBe(200);
    expect((await rest("GET", `/batch/schedules/${id}`, { token })).status).toBe(404);
  });
});
