import { beforeAll, describe, expect, it } from "vitest";
import { idsWhere } from "../../tests/helpers/batch";
import { seedRows } from "../../tests/helpers/seed";
import { demoActor } from "../../tests/helpers/tokens";
import type { Actor } from "../auth/actor";
import { pool } from "../db";
import { AppError } from "../errors";
import { validateBatch } from "../row-batches/validate";
import { commitBatches } from "./commit";
import { controlBatch } from "./control";

let admin: Actor;
let ids: number[];

beforeAll(async () => {
  await seedRows({ letters: 6 });
  admin = await demoActor("admin");
  ids = await idsWhere("letters", "deleted_at IS NULL");
});

const previewed = (rows: number[]) =>
  validateBatch(admin, { resource: "letters", target: { kind: "ids", ids: rows }, operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "together" }] } });

const stateOf = async (id: string) => (await pool().query<{ state: string }>("SELECT state FROM batches WHERE id = $1", [id])).rows[0]!.state;
const queuedRuns = async (id: string) => Number((await pool().query<{ n: string }>("SELECT count(*) AS n FROM pgboss.job WHERE data->>'batchId' = $1", [id])).rows[0]!.n);

describe("commitBatches (a parallel batch job's operations)", () => {
  it("queues all or none: one refused leaves the others previewed, with no run queued", async () => {
    const a = await previewed(ids.slice(0, 2));
    const b = await previewed(ids.slice(2, 4));
    await controlBatch(admin, b.id, "discard");
    const err = await commitBatches(admin, [a.id, b.id], (e, i) => new AppError("BAD_REQUEST", `operations[${i}]: ${(e as Error).message}`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/^operations\[1\]: /);
    expect(await stateOf(a.id)).toBe("previewed");
    expect(await queuedRuns(a.id)).toBe(0);

    await commitBatches(admin, [a.id]);
    expect(await stateOf(a.id)).toBe("queued");
    expect(await queuedRuns(a.id)).toBeGreaterThan(0);
  });
});
