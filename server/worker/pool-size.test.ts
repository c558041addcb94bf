import { describe, expect, it } from "vitest";
import { HANDLERS } from "./handlers";
import { SHORT_WORK_CONNECTIONS, workerPoolNeed, workerPoolSize } from "./pool-size";

const defs = HANDLERS.map((h) => h.def);

describe("the worker's pool is sized from the jobs it runs", () => {
  it("fits every job at its concurrency plus the heartbeats, sweeps and short writes", () => {
    // batch.run 2 jobs × 1 chunk connection, export.run 2 × (lock + COPY), media.fetch 2 × lock.
    expect(workerPoolNeed(defs)).toEqual({
      need: 2 * 1 + 2 * 2 + 2 * 1 + SHORT_WORK_CONNECTIONS,
      detail: "batch.run 2×1, export.run 2×2, media.fetch 2×1, 3 for heartbeats, sweeps and short writes",
    });
    expect(workerPoolSize(defs, undefined)).toBe(11);
  });

  it("grows with a job's concurrency", () => {
    const more = defs.map((d) => (d.name === "batch.run" ? { ...d, concurrency: 6 } : d));
    expect(workerPoolSize(more, undefined)).toBe(15);
  });

  it("takes a larger WORKER_DB_POOL_MAX and refuses a smaller one, saying what the jobs need", () => {
    expect(workerPoolSize(defs, 20)).toBe(20);
    expect(workerPoolSize(defs, 11)).toBe(11);
    expect(() => workerPoolSize(defs, 8)).toThrow(
      "WORKER_DB_POOL_MAX=8 is too small for this worker's jobs: at their concurrencies they hold up to 11 connections at once " +
        "(batch.run 2×1, export.run 2×2, media.fetch 2×1, 3 for heartbeats, sweeps and short writes). " +
        "Set WORKER_DB_POOL_MAX to at least 11, or leave it unset to size the pool from the jobs.",
    );
  });
});
