import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { idsWhere, type Caller } from "../../tests/helpers/batch";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";
import { purgeBatchesOlderThan } from "./purge";
import { applyRetention } from "./retention";

// Retention: finished batches past BATCH_DATA_RETENTION_DAYS lose their per-row data and output
// files, a few rows per transaction, keeping their row, counts, events and audit; nothing else is
// touched, and a cleanup killed half-way is finished by the next.

let operator: Caller;
let mine: number[];

beforeAll(async () => {
  process.env.BATCHES_PER_HOUR_OPERATOR = "5000";
  await seedRows({ letters: 40 });
  operator = await callerAs("operator");
  mine = await idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL", [await userId("operator")]);
});
afterEach(() => {
  delete process.env.BATCH_DATA_RETENTION_DAYS;
});

let n = 0;
async function finished(ids: number[], daysAgo: number): Promise<string> {
  const b = await operator.batch.validate({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "update", changes: [{ op: "set", field: "title", value: `kept ${++n}` }] } });
  await operator.batch.execute({ batchId: b.id });
  await runToEnd(b.id);
  await pool().query("UPDATE batches SET finished_at = now() - make_interval(days => $2) WHERE id = $1", [b.id, daysAgo]);
  return b.id;
}
const rowsOf = async (id: string) => {
  const { rows } = await pool().query<{ items: number; results: number; events: number; purged: Date | null; succeeded: number }>(
    `SELECT (SELECT count(*)::int FROM batch_items WHERE batch_id = $1) AS items, (SELECT count(*)::int FROM batch_results WHERE batch_id = $1) AS results,
            (SELECT count(*)::int FROM batch_events WHERE batch_id = $1) AS events, rows_purged_at AS purged, succeeded FROM batches WHERE id = $1`,
    [id],
  );
  return rows[0]!;
};

describe("retention", () => {
  it("removes exactly the per-row data of batches finished longer ago than its days; the batch, counts, events and audit stay", async () => {
    process.env.BATCH_DATA_RETENTION_DAYS = "30";
    const old = await finished(mine.slice(0, 3), 45);
    const recent = await finished(mine.slice(3, 5), 10);
    const previewed = await operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: mine.slice(5, 7) }, operation: { type: "restore" } });
    await pool().query("UPDATE batches SET updated_at = now() - interval '60 days' WHERE id = $1", [previewed.id]);
    const eventsBefore = (await rowsOf(old)).events;
    const counts = await applyRetention();
    expect(counts).toMatchObject({ items: 3, results: 3 });
    expect(await rowsOf(old)).toMatchObject({ items: 0, results: 0, events: eventsBefore, succeeded: 3, purged: expect.any(Date) as Date });
    expect(await rowsOf(recent)).toMatchObject({ items: 2, results: 2, purged: null });
    expect((await rowsOf(previewed.id)).items).toBe(2);
    const summary = await operator.batch.status({ batchId: old });
    expect(summary.rowsPurgedAt).not.toBeNull();
    expect(summary.allowedActions).not.toContain("revert");
    const audit = await pool().query<{ details: Record<string, unknown> }>("SELECT details FROM audit_logs WHERE batch_id = $1 AND action = 'batch.purge'", [old]);
    expect(audit.rows).toEqual([{ details: { olderThanHours: 720, by: "retention", items: 3, results: 3, chunks: 1, fetchRows: 0, files: 0 } }]);
  });

  it("deletes a few rows per statement, and a pass killed half-way is finished by the next", async () => {
    const id = await finished(mine.slice(7, 12), 400);
    // As if a cleanup had marked it and died after its first chunk of deletes.
    await pool().query("UPDATE batches SET rows_purged_at = now() WHERE id = $1", [id]);
    await pool().query("DELETE FROM batch_items WHERE batch_id = $1 AND seq = (SELECT min(seq) FROM batch_items WHERE batch_id = $1)", [id]);
    const c = await purgeBatchesOlderThan(24 * 365, null, 2);
    expect(c.items).toBeGreaterThanOrEqual(4);
    expect(await rowsOf(id)).toMatchObject({ items: 0, results: 0 });
  });

  it("0 days keeps everything", async () => {
    process.env.BATCH_DATA_RETENTION_DAYS = "0";
    expect(await applyRetention()).toBeNull();
  });
});
