import { isTrackedEnvelope } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import {
  allItems,
  commitAndRun,
  editBehindTheBatch,
  errorOf,
  holdRowLock,
  resultCounts,
  resultsPerItem,
  rowsById,
  tableDigest,
  type Caller,
} from "../../tests/helpers/batch";
import { runToEnd } from "../../tests/helpers/run-batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { waitFor } from "../../tests/helpers/worker-process";
import { pool } from "../db";
import { logger } from "../logger";
import type { BatchInput } from "../contracts/batch";
import { runBatch } from "./execute/run";
import { asOwner } from "../../tests/helpers/owner";

let admin: Caller;

beforeAll(async () => {
  await seedRows({ letters: 300, products: 500 });
  admin = await callerAs("admin");
});

const ALL_LETTERS = Array.from({ length: 300 }, (_, i) => i + 1);
let runNo = 0;
/** Renames all 300 letters in chunks of 100: every row changes, whatever earlier tests did. */
function renameAll(options: Partial<NonNullable<BatchInput["options"]>> = {}): BatchInput {
  runNo += 1;
  return {
    resource: "letters",
    target: { kind: "ids", ids: ALL_LETTERS },
    operation: { type: "update", changes: [{ op: "set", field: "title", value: `Run ${runNo}` }] },
    options: { chunkSize: 100, ...options },
  };
}
const mixedStatusChange: BatchInput = {
  resource: "letters",
  target: { kind: "filter", selection: {} },
  operation: { type: "statusChange", to: "sent", reason: "mail day" },
};

async function batchRow(batchId: string) {
  const { rows } = await pool().query("SELECT * FROM batches WHERE id = $1", [batchId]);
  return rows[0] as Record<string, unknown>;
}

describe("commit", () => {
  it("strict validation blocks the commit while any row is invalid", async () => {
    const digest = await tableDigest("letters");
    const preview = await admin.batch.validate({ ...mixedStatusChange, options: { validation: "strict" } });
    expect(preview.preview.invalid).toBeGreaterThan(0);
    const e = await errorOf(admin.batch.execute({ batchId: preview.id }));
    expect(e.code).toBe("PRECONDITION_FAILED");
    expect(e.message).toContain(`${preview.preview.invalid} rows are invalid and validation is strict`);
    expect((await admin.batch.status({ batchId: preview.id })).state).toBe("previewed");
    expect(await tableDigest("letters")).toBe(digest);
  });

  it("lenient validation commits and skips the invalid rows", async () => {
    const preview = await admin.batch.validate(mixedStatusChange);
    const invalidIds = (await allItems(admin, preview.id, { outcome: "invalid" })).map((i) => i.rowId!);
    const before = await rowsById("letters", invalidIds);
    const done = await commitAndRun(admin, preview.id);
    expect(done.progress.counts).toMatchObject({ succeeded: preview.preview.willChange, invalid: preview.preview.invalid, unchanged: preview.preview.unchanged });
    const after = await rowsById("letters", invalidIds);
    for (const id of invalidIds) expect(after.get(id)!.status).toBe(before.get(id)!.status);
    const skipped = (await allItems(admin, preview.id, { result: "invalid" }))[0]!;
    expect(skipped.resultError).toMatchObject({ code: "INVALID_TRANSITION" });
  });

  it("validates and commits in one call for API clients", async () => {
    const queued = await admin.batch.execute(renameAll());
    expect(queued).toMatchObject({ state: "queued", preview: { total: 300, willChange: 300 } });
    await runToEnd(queued.id);
    expect((await admin.batch.status({ batchId: queued.id })).state).toBe("completed");
  });

  it("refuses to commit a batch twice", async () => {
    const preview = await admin.batch.validate(renameAll());
    await admin.batch.execute({ batchId: preview.id });
    const e = await errorOf(admin.batch.execute({ batchId: preview.id }));
    expect(e).toMatchObject({ code: "CONFLICT", message: "This batch is queued; only a previewed batch can be committed." });
    await runToEnd(preview.id);
    expect((await errorOf(admin.batch.execute({ batchId: preview.id }))).code).toBe("CONFLICT");
  });

  it("discards a preview, which can then no longer be committed", async () => {
    const digest = await tableDigest("letters");
    const preview = await admin.batch.validate(renameAll());
    expect((await admin.batch.discard({ batchId: preview.id })).state).toBe("discarded");
    expect((await errorOf(admin.batch.execute({ batchId: preview.id }))).code).toBe("CONFLICT");
    expect((await errorOf(admin.batch.discard({ batchId: preview.id }))).code).toBe("CONFLICT");
    expect(await tableDigest("letters")).toBe(digest);
  });
});

describe("execution", () => {
  it("applies a batch in chunks, giving every item exactly one result and correct counters", async () => {
    const preview = await admin.batch.validate({ ...mixedStatusChange, operation: { type: "statusChange", to: "generated", reason: "reset" }, options: { chunkSize: 100 } });
    const queued = await admin.batch.execute({ batchId: preview.id });
    expect(queued.state).toBe("queued");
    expect(queued.progress).toMatchObject({ chunkCount: 3, chunksDone: 0, processed: 0 });
    await runToEnd(preview.id);
    const done = await admin.batch.status({ batchId: preview.id });
    expect(done.state).toBe("completed");
    expect(done.progress).toMatchObject({
      total: 300,
      processed: 300,
      percent: 100,
      chunksDone: 3,
      counts: { succeeded: preview.preview.willChange, unchanged: preview.preview.unchanged, invalid: preview.preview.invalid, conflict: 0, failed: 0 },
    });
    expect(await resultsPerItem(preview.id)).toEqual({ items: 300, results: 300, missing: 0, extra: 0 });
    expect(await resultCounts(preview.id)).toEqual(
      Object.fromEntries(Object.entries(done.progress.counts).filter(([, n]) => n > 0).map(([k, n]) => [k, n])),
    );
    const { rows } = await pool().query("SELECT state, worker_id IS NOT NULL AS claimed FROM batch_chunks WHERE batch_id = $1", [preview.id]);
    expect(rows).toEqual(Array(3).fill({ state: "done", claimed: true }));
  });

  it("completes a batch whose filter matched nothing", async () => {
    const preview = await admin.batch.validate({
      ...renameAll(),
      target: { kind: "filter", selection: { filter: { combinator: "and", conditions: [{ field: "title", op: "eq", value: "no such title" }] } } },
    });
    expect(preview.preview.total).toBe(0);
    const done = await commitAndRun(admin, preview.id);
    expect(done).toMatchObject({ state: "completed", progress: { total: 0, processed: 0, percent: 100, chunkCount: 0 } });
  });

  it("goes queued → running → completed, stopping between chunks when paused and continuing on resume", async () => {
    const preview = await admin.batch.validate(renameAll());
    await admin.batch.execute({ batchId: preview.id });
    const lock = await holdRowLock("letters", 150); // chunk 2 waits for this row
    const run = runToEnd(preview.id);
    await waitFor(async () => (await admin.batch.status({ batchId: preview.id })).progress.chunksDone === 1, 10_000, "chunk 1");
    expect((await admin.batch.status({ batchId: preview.id })).state).toBe("running");

    expect((await admin.batch.pause({ batchId: preview.id })).state).toBe("paused");
    await lock.release();
    await run; // chunk 2 was in flight and finishes; chunk 3 is not started
    const paused = await admin.batch.status({ batchId: preview.id });
    expect(paused.state).toBe("paused");
    expect(paused.progress).toMatchObject({ chunksDone: 2, processed: 200 });
    const untouched = await rowsById("letters", [201, 300]);
    expect([...untouched.values()].every((r) => r.title !== `Run ${runNo}`)).toBe(true);

    await runToEnd(preview.id); // a worker picking the job up while paused does nothing
    expect((await admin.batch.status({ batchId: preview.id })).progress.chunksDone).toBe(2);

    expect((await admin.batch.resume({ batchId: preview.id })).state).toBe("running");
    await runToEnd(preview.id);
    const done = await admin.batch.status({ batchId: preview.id });
    expect(done.state).toBe("completed");
    expect(done.progress).toMatchObject({ chunksDone: 3, processed: 300, counts: { succeeded: 300 } });
    expect(await resultsPerItem(preview.id)).toMatchObject({ results: 300, missing: 0 });
  });

  it("cancel waits for the chunk in flight, so the cancelled batch's counts, audit and an immediate revert cover every row it changed", async () => {
    const preview = await admin.batch.validate(renameAll());
    await admin.batch.execute({ batchId: preview.id });
    const lock = await holdRowLock("letters", 150);
    const run = runToEnd(preview.id);
    await waitFor(async () => (await admin.batch.status({ batchId: preview.id })).progress.chunksDone === 1, 10_000, "chunk 1");
    // Chunk 2 is in flight, stuck on the locked row: the cancel must not return before it lands.
    let cancelReturned = false;
    const cancel = admin.batch.cancel({ batchId: preview.id }).then((b) => ((cancelReturned = true), b));
    await new Promise((r) => setTimeout(r, 500));
    expect(cancelReturned).toBe(false);
    await lock.release();
    const cancelled = await cancel;
    expect(cancelled).toMatchObject({ state: "cancelled", progress: { chunksDone: 2, processed: 200, counts: { succeeded: 200 }, finishedAt: expect.any(Date) } });
    await run;
    expect((await admin.batch.status({ batchId: preview.id })).progress).toMatchObject({ chunksDone: 2, processed: 200 });
    expect((await rowsById("letters", [150, 300])).get(150)!.title).toBe(`Run ${runNo}`);
    expect((await rowsById("letters", [300])).get(300)!.title).not.toBe(`Run ${runNo}`);
    const { rows: audit } = await pool().query<{ details: { done: Record<string, number> } }>(
      "SELECT details FROM audit_logs WHERE batch_id = $1 AND action = 'batch.cancel'",
      [preview.id],
    );
    expect(audit[0]!.details.done).toMatchObject({ processed: 200 });
    const revert = await admin.batch.revert({ batchId: preview.id });
    expect(revert.preview).toMatchObject({ total: 200, willChange: 200 });
    expect((await errorOf(admin.batch.resume({ batchId: preview.id }))).code).toBe("CONFLICT");
    await admin.batch.discard({ batchId: revert.id });
  });

  it("while a cancel waits for the chunk in flight, no other worker can start the next chunk", async () => {
    const preview = await admin.batch.validate(renameAll());
    await admin.batch.execute({ batchId: preview.id });
    const lock = await holdRowLock("letters", 150);
    const run = runToEnd(preview.id);
    await waitFor(async () => (await admin.batch.status({ batchId: preview.id })).progress.chunksDone === 1, 10_000, "chunk 1");
    const cancel = admin.batch.cancel({ batchId: preview.id });
    await waitFor(
      async () =>
        (
          await pool().query(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE batch_chunks%'",
          )
        ).rowCount,
      10_000,
      "the cancel to wait for chunk 2",
    );
    await runToEnd(preview.id); // a second worker, while the cancel waits: chunk 3 is no longer claimable
    const row300 = (await rowsById("letters", [300])).get(300)!.title;
    await lock.release();
    const cancelled = await cancel;
    await run;
    expect(row300).not.toBe(`Run ${runNo}`);
    expect(cancelled).toMatchObject({ state: "cancelled", progress: { chunksDone: 2, processed: 200 } });
  });

  it("a batch paused or cancelled before any worker starts it applies nothing", async () => {
    const digest = await tableDigest("letters");
    const paused = await admin.batch.execute(renameAll());
    await admin.batch.pause({ batchId: paused.id });
    const cancelled = await admin.batch.execute(renameAll());
    await admin.batch.cancel({ batchId: cancelled.id });
    await Promise.all([runToEnd(paused.id), runToEnd(cancelled.id)]);
    expect((await admin.batch.status({ batchId: paused.id })).progress.processed).toBe(0);
    expect((await admin.batch.status({ batchId: cancelled.id })).progress.processed).toBe(0);
    expect(await tableDigest("letters")).toBe(digest);
    await admin.batch.cancel({ batchId: paused.id });
  });

  it("stops as failed after the first chunk with a conflict when on error is abort", async () => {
    const preview = await admin.batch.validate(renameAll({ onError: "abort" }));
    await editBehindTheBatch("letters", [50], "sender_name = 'someone else'");
    await commitAndRun(admin, preview.id);
    const failed = await admin.batch.status({ batchId: preview.id });
    expect(failed.state).toBe("failed");
    expect(failed.progress).toMatchObject({ chunksDone: 1, processed: 100, counts: { succeeded: 99, conflict: 1 }, lastError: "Stopped after rows failed (on error: abort)." });
    expect((await rowsById("letters", [101])).get(101)!.title).not.toBe(`Run ${runNo}`);
  });

  it("goes on after conflicts when on error is skip and ends completed with errors", async () => {
    const preview = await admin.batch.validate(renameAll());
    await editBehindTheBatch("letters", [50, 250], "sender_name = 'someone else'");
    const done = await commitAndRun(admin, preview.id);
    expect(done.state).toBe("completed_with_errors");
    expect(done.progress).toMatchObject({ chunksDone: 3, counts: { succeeded: 298, conflict: 2 } });
  });

  it("two workers running one batch at once share its chunks without overlap: every row changes exactly once", async () => {
    const before = await pool().query<{ id: number; stock: number; version: number }>("SELECT id, stock, version FROM products ORDER BY id");
    const preview = await admin.batch.validate({
      resource: "products",
      target: { kind: "filter", selection: { scope: "all" } },
      operation: { type: "update", changes: [{ op: "increment", field: "stock", by: 1 }] },
      options: { chunkSize: 100, maxParallel: 2 },
    });
    await admin.batch.execute({ batchId: preview.id });
    await Promise.all([runBatch(preview.id, logger), runBatch(preview.id, logger), runBatch(preview.id, logger)]);
    const done = await admin.batch.status({ batchId: preview.id });
    expect(done).toMatchObject({ state: "completed", progress: { processed: 500, chunksDone: 5, counts: { succeeded: 500, conflict: 0 } } });
    expect(await resultsPerItem(preview.id)).toEqual({ items: 500, results: 500, missing: 0, extra: 0 });
    const after = await pool().query<{ id: number; stock: number; version: number }>("SELECT id, stock, version FROM products ORDER BY id");
    after.rows.forEach((row, i) => {
      expect(row.stock).toBe(before.rows[i]!.stock + 1);
      expect(row.version).toBe(before.rows[i]!.version + 1);
    });
  });

  it("fails only the rows the database refuses and applies the rest of their chunk", async () => {
    await asOwner("ALTER TABLE letters ADD CONSTRAINT test_no_boom CHECK (sender_name IS DISTINCT FROM 'BOOM')");
    try {
      const values = ALL_LETTERS.map((id) => ({ id, value: id === 120 || id === 180 ? "BOOM" : `Sender ${id}` }));
      const preview = await admin.batch.validate({
        resource: "letters",
        target: { kind: "ids", ids: [1] },
        operation: { type: "updatePerRow", field: "senderName", values },
        options: { chunkSize: 100 },
      });
      const done = await commitAndRun(admin, preview.id);
      expect(done).toMatchObject({ state: "completed_with_errors", progress: { processed: 300, counts: { succeeded: 298, failed: 2 } } });
      const failed = await allItems(admin, preview.id, { result: "failed" });
      expect(failed.map((i) => i.rowId)).toEqual([120, 180]);
      expect(failed[0]!.resultError).toEqual({ code: "WRITE_FAILED", field: null, message: "The value breaks a rule of the database.", sqlstate: "23514" });
      const rows = await rowsById("letters", [119, 120, 121]);
      expect([rows.get(119)!.sender_name, rows.get(121)!.sender_name]).toEqual(["Sender 119", "Sender 121"]);
      expect(rows.get(120)!.sender_name).not.toBe("BOOM");
      expect(await resultsPerItem(preview.id)).toMatchObject({ results: 300, missing: 0 });
    } finally {
      await asOwner("ALTER TABLE letters DROP CONSTRAINT test_no_boom");
    }
  });
});

describe("progress subscription", () => {
  it("streams tracked progress events until the batch reaches a final state; a resumed stream skips seen events", async () => {
    const preview = await admin.batch.validate(renameAll());
    await admin.batch.execute({ batchId: preview.id });
    const events: { id: string; state: string; processed: number }[] = [];
    const collect = (async () => {
      for await (const ev of await admin.batch.progress({ batchId: preview.id })) {
        expect(isTrackedEnvelope(ev)).toBe(true);
        const [id, data] = ev as unknown as [string, { state: string; processed: number }];
        events.push({ id, state: data.state, processed: data.processed });
      }
    })();
    await waitFor(async () => events.length > 0, 5_000, "first event");
    await runToEnd(preview.id);
    await collect;
    expect(events[0]!.state).toBe("queued");
    expect(events.at(-1)).toMatchObject({ state: "completed", processed: 300 });
    const ids = events.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    const resumed: unknown[] = [];
    for await (const ev of await admin.batch.progress({ batchId: preview.id, lastEventId: events.at(-1)!.id })) resumed.push(ev);
    expect(resumed).toEqual([]);
    const fromStart: unknown[] = [];
    for await (const ev of await admin.batch.progress({ batchId: preview.id, lastEventId: events[0]!.id })) fromStart.push(ev);
    expect(fromStart).toHaveLength(1);
  });

  it("refuses a stream of someone else's batch", async () => {
    const preview = await admin.batch.validate(renameAll());
    const operator = await callerAs("operator");
    const e = await errorOf(
      (async () => {
        for await (const _ of await operator.batch.progress({ batchId: preview.id })) break;
      })(),
    );
    expect(e.code).toBe("NOT_FOUND");
  });
});

it("stores batch options and target as given", async () => {
  const preview = await admin.batch.validate(renameAll({ retries: 1 }));
  const row = await batchRow(preview.id);
  expect(row.options).toMatchObject({ chunkSize: 100, retries: 1, validation: "lenient", onError: "skip" });
  expect(row.target).toMatchObject({ kind: "ids" });
});
