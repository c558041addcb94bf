import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { errorOf, idsWhere, type Caller } from "../tests/helpers/batch";
import { callerAs } from "../tests/helpers/session";
import { seedRows, userId } from "../tests/helpers/seed";
import { pool } from "./db";

let operator: Caller;
let viewer: Caller;
let operatorId: string;

beforeAll(async () => {
  await seedRows({ letters: 40, mediaFiles: 10 });
  [operator, viewer] = await Promise.all([callerAs("operator"), callerAs("viewer")]);
  operatorId = await userId("operator");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The operator's batches of the last hour: exports, and everything else. */
async function startedLastHour(): Promise<{ exports: number; others: number }> {
  const { rows } = await pool().query<{ exports: number; others: number }>(
    `SELECT count(*) FILTER (WHERE operation->>'type' = 'export')::int AS exports, count(*) FILTER (WHERE operation->>'type' IS DISTINCT FROM 'export')::int AS others
     FROM batches WHERE created_by_id = $1 AND created_at > now() - interval '1 hour'`,
    [operatorId],
  );
  return rows[0]!;
}

const letterExport = { resource: "letters", target: { kind: "ids" as const, ids: [1, 2] }, format: "csv" as const };

describe("hourly allowances", () => {
  it("EXPORTS_PER_HOUR_VIEWER=0 means viewers may not export at all", async () => {
    vi.stubEnv("EXPORTS_PER_HOUR_VIEWER", "0");
    expect(await errorOf(viewer.exports.create(letterExport))).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Viewers may not start exports (their hourly limit is 0).",
    });
    vi.stubEnv("EXPORTS_PER_HOUR_VIEWER", "1");
    expect((await viewer.exports.create(letterExport)).state).toBe("queued");
  });

  it("a media fetch spends the batch allowance, an export only its own", async () => {
    const mine = await idsWhere("media_files", "owner_id = $1", [operatorId]);
    const before = await startedLastHour();
    vi.stubEnv("BATCHES_PER_HOUR_OPERATOR", String(before.others + 1));
    vi.stubEnv("EXPORTS_PER_HOUR_OPERATOR", String(before.exports + 1));

    await operator.media.fetch({ target: { kind: "ids", ids: mine.slice(0, 1) } });
    const letters = await idsWhere("letters", "owner_id = $1 AND deleted_at IS NULL AND archived_at IS NULL", [operatorId]);
    const retitle = { resource: "letters", target: { kind: "ids" as const, ids: letters.slice(0, 1) }, operation: { type: "update" as const, changes: [{ op: "set" as const, field: "title", value: "Over" }] } };
    expect(await errorOf(operator.batch.validate(retitle))).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: `You have started ${before.others + 1} batches in the last hour, the limit for operators. Try again later.`,
    });

    expect((await operator.exports.create(letterExport)).state).toBe("queued");
    expect(await errorOf(operator.exports.create(letterExport))).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: `You have started ${before.exports + 1} exports in the last hour, the limit for operators. Try again later.`,
    });
    expect(await startedLastHour()).toEqual({ exports: before.exports + 1, others: before.others + 1 });
  });
});
