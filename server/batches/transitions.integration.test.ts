import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows } from "../../tests/helpers/seed";
import { userActor, WORKER, type Actor } from "../auth/actor";
import { BATCH_KINDS, BATCH_STATES, type BatchKind, type BatchState } from "../contracts/batch";
import { pool } from "../db";
import { AppError } from "../errors";
import { TRANSITIONS, transitionFor, type TransitionAction } from "./machine";
import { finishBatch, move, refuseMove, type BatchEnd, type LifeAction } from "./transition";

const ACTIONS: TransitionAction[] = ["preview", "commit", "discard", "start", "pause", "resume", "cancel", "finish", "fail"];
const OPERATION: Record<BatchKind, object> = {
  rows: { type: "restore" },
  export: { type: "export", format: "csv", fields: ["id"], includeSensitive: false, fileName: "x.csv" },
  fetch: { type: "fetch", concurrency: 1, force: false },
};

let admin: Actor;

beforeAll(async () => {
  await seedRows({ letters: 5 });
  await callerAs("admin");
  const { rows } = await pool().query<{ id: string; email: string; name: string }>("SELECT id, email, name FROM users WHERE role = 'admin' LIMIT 1");
  admin = userActor({ ...rows[0]!, role: "admin" });
});

/** A batch row of `kind` sitting in `state` (a fixture: the kernel never inserts one mid-life). */
async function batchIn(kind: BatchKind, state: BatchState): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO batches (id, kind, resource, operation, target, options, state, created_by_id)
     VALUES (gen_random_uuid(), $1, 'letters', $2, '{"kind":"ids","ids":[1]}', '{}', $3, $4) RETURNING id`,
    [kind, JSON.stringify(OPERATION[kind]), state, admin.id],
  );
  return rows[0]!.id;
}

const ENDS: Partial<Record<TransitionAction, BatchEnd>> = { finish: "done", fail: "failed", cancel: "cancelled", discard: "discarded" };

/** Takes `action` through the kernel's entry for it: finishBatch for the endings, move for the rest. */
async function attempt(client: pg.PoolClient, id: string, action: TransitionAction, by: Actor | typeof WORKER) {
  const end = ENDS[action];
  if (!end) return move(client, id, action as LifeAction, by);
  return (await finishBatch(client, id, end, by)) ?? refuseMove(client, id, action);
}

const snapshot = async (id: string) =>
  (await pool().query<{ state: string; progress_seq: number; events: number }>(
    "SELECT state, progress_seq, (SELECT count(*)::int FROM batch_events WHERE batch_id = $1) AS events FROM batches WHERE id = $1",
    [id],
  )).rows[0]!;

describe("the kernel's state machine", () => {
  it("refuses, for every kind, every move its table does not list — with a clear CONFLICT, the row unchanged and no event", async () => {
    let allowed = 0;
    let refused = 0;
    for (const kind of BATCH_KINDS) {
      for (const state of BATCH_STATES) {
        const id = await batchIn(kind, state);
        for (const action of ACTIONS) {
          const by = TRANSITIONS.find((t) => t.action === action)!.by === "worker" ? WORKER : admin;
          const expected = transitionFor(action, kind, state);
          const before = await snapshot(id);
          // Each move is tried in a transaction rolled back afterwards, so the fixture stays in `state`.
          const client = await pool().connect();
          await client.query("BEGIN");
          let result: { ok: true; to: BatchState; from: BatchState } | { ok: false; error: unknown };
          let events: number;
          try {
            result = await attempt(client, id, action, by).then(
              (m) => ({ ok: true as const, to: m.state, from: m.fromState }),
              (error: unknown) => ({ ok: false as const, error }),
            );
            events = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM batch_events WHERE batch_id = $1", [id])).rows[0]!.n;
          } finally {
            await client.query("ROLLBACK");
            client.release();
          }
          const outcome = { result, events };
          const label = `${action} a ${kind} batch that is ${state}`;
          if (expected) {
            allowed++;
            expect(outcome.result, label).toMatchObject({ ok: true, from: state });
            expect(expected.to, label).toContain((outcome.result as { to: BatchState }).to);
            expect(outcome.events, label).toBe(before.events + 1);
          } else {
            refused++;
            const error = (outcome.result as { error: unknown }).error;
            expect(error, label).toBeInstanceOf(AppError);
            expect(error, label).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/cannot|only a previewed/i) });
            expect(outcome.events, label).toBe(before.events);
          }
          expect(await snapshot(id), label).toEqual(before);
        }
      }
    }
    expect(allowed).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(200);
  });

  it("turns the refused moves users ask for into clear errors", async () => {
    const caller = await callerAs("admin");
    const cancelled = await batchIn("rows", "cancelled");
    const resume = await errorOf(caller.batch.resume({ batchId: cancelled }));
    expect(resume).toMatchObject({ code: "CONFLICT", message: "Cannot resume a batch that is cancelled." });
    const exporting = await batchIn("export", "running");
    expect(await errorOf(caller.batch.pause({ batchId: exporting }))).toMatchObject({
      code: "CONFLICT",
      message: "An export cannot be paused; cancel it and start a new one.",
    });
    const fetching = await batchIn("fetch", "queued");
    expect(await errorOf(caller.batch.execute({ batchId: fetching }))).toMatchObject({ code: "CONFLICT", message: "A file fetch cannot be committed." });
    const status = await caller.batch.status({ batchId: exporting });
    expect(status.allowedActions).toEqual(["cancel"]);
    expect(status.capabilities).toMatchObject({ chunked: false, pausable: false, revertible: false });
  });
});
