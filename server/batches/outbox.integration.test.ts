import { beforeAll, describe, expect, it } from "vitest";
import { commitAndRun, errorOf } from "../../tests/helpers/batch";
import { runExportNow } from "../../tests/helpers/exports";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { WORKER } from "../auth/actor";
import { pool } from "../db";
import { withTransaction } from "../sql/tx";
import { batchEvents } from "./events";
import { finishBatch, tryMove } from "./transition";

beforeAll(async () => {
  await seedRows({ letters: 30 });
});

const rename = (ids: number[], title: string) => ({
  resource: "letters",
  target: { kind: "ids" as const, ids },
  operation: { type: "update" as const, changes: [{ op: "set" as const, field: "title", value: title }] },
  options: { chunkSize: 100 },
});

/** Each event leaves from the state the one before it arrived in. */
function expectChained(events: { fromState: string | null; toState: string }[]) {
  events.forEach((e, i) => expect(e.fromState).toBe(i === 0 ? null : events[i - 1]!.toState));
}

describe("the batch event outbox", () => {
  it("writes one event per committed transition, in order, with the batch's counts and who moved it", async () => {
    const admin = await callerAs("admin");
    const preview = await admin.batch.validate(rename([1, 2, 3], "Outbox"));
    await commitAndRun(admin, preview.id);
    const events = await batchEvents(preview.id);
    expect(events.map((e) => `${e.action}:${e.toState}`)).toEqual(["create:planning", "preview:previewed", "commit:queued", "start:running", "finish:completed"]);
    expectChained(events);
    expect(events.map((e) => e.actorKind)).toEqual(["user", "user", "user", "worker", "worker"]);
    expect(events[0]!.actorId).toBe(preview.createdById);
    expect(events.at(-1)).toMatchObject({ kind: "rows", counts: { total: 3, processed: 3, succeeded: 3, failed: 0 } });
    expect(events.every((e, i) => i === 0 || e.id > events[i - 1]!.id)).toBe(true);
  });

  it("writes no event for a transition that rolled back or was refused", async () => {
    const admin = await callerAs("admin");
    const preview = await admin.batch.validate(rename([4, 5], "Rolled back"));
    const before = (await batchEvents(preview.id)).length;
    // The move itself succeeds, then its transaction fails: neither the state nor the event stay.
    await expect(
      withTransaction(async (client) => {
        expect(await finishBatch(client, preview.id, "failed", WORKER, { lastError: "x" })).toBeNull(); // previewed cannot fail
        await client.query("UPDATE batches SET state = 'queued' WHERE id = $1", [preview.id]);
        expect(await tryMove(client, preview.id, "start", WORKER)).not.toBeNull();
        throw new Error("the rest of the work failed");
      }),
    ).rejects.toThrow("the rest of the work failed");
    expect(await batchEvents(preview.id)).toHaveLength(before);
    expect((await admin.batch.status({ batchId: preview.id })).state).toBe("previewed");
    // Refused by the state machine: nothing written either.
    expect((await errorOf(admin.batch.resume({ batchId: preview.id }))).code).toBe("CONFLICT");
    expect(await batchEvents(preview.id)).toHaveLength(before);
    await admin.batch.discard({ batchId: preview.id });
    expect((await batchEvents(preview.id)).map((e) => e.action)).toEqual(["create", "preview", "discard"]);
  });

  it("records pause, resume and cancel, and single-job kinds' own life cycle", async () => {
    const admin = await callerAs("admin");
    const preview = await admin.batch.validate(rename([6, 7], "Controlled"));
    await admin.batch.execute({ batchId: preview.id });
    await admin.batch.pause({ batchId: preview.id });
    await admin.batch.resume({ batchId: preview.id });
    await admin.batch.cancel({ batchId: preview.id });
    const events = await batchEvents(preview.id);
    expect(events.map((e) => e.action)).toEqual(["create", "preview", "commit", "pause", "resume", "cancel"]);
    expectChained(events);

    const exp = await admin.exports.create({ resource: "letters", target: { kind: "ids", ids: [1, 2] }, format: "csv" });
    await runExportNow(exp.id);
    const exportEvents = await batchEvents(exp.id);
    expect(exportEvents.map((e) => `${e.action}:${e.toState}`)).toEqual(["create:queued", "start:running", "finish:completed"]);
    expectChained(exportEvents);
    expect(exportEvents.every((e) => e.kind === "export")).toBe(true);
  });

  it("keeps each batch's events in order when many batches move at once", async () => {
    const admin = await callerAs("admin");
    const previews = await Promise.all(Array.from({ length: 6 }, (_, i) => admin.batch.validate(rename([10 + i, 20 + i], `Parallel ${i}`))));
    await Promise.all(previews.map((p) => commitAndRun(admin, p.id)));
    const { rows } = await pool().query<{ batch_id: string; actions: string[] }>(
      "SELECT batch_id, array_agg(action ORDER BY id) AS actions FROM batch_events WHERE batch_id = ANY($1::uuid[]) GROUP BY batch_id",
      [previews.map((p) => p.id)],
    );
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.actions).toEqual(["create", "preview", "commit", "start", "finish"]);
  });
});
