import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { controlPool, pool, poolConfig } from "./db";

const opened: pg.Pool[] = [];
function openPool(...args: Parameters<typeof poolConfig>): pg.Pool {
  const p = new pg.Pool(poolConfig(...args));
  p.on("error", () => {});
  opened.push(p);
  return p;
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(opened.splice(0).map((p) => p.end()));
});

describe("database pools", () => {
  it("the web app's connections stop a runaway statement and end a transaction left idle", async () => {
    vi.stubEnv("WEB_DB_STATEMENT_TIMEOUT_MS", "300");
    vi.stubEnv("WEB_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "400");
    const web = openPool("web", 2);
    expect((await web.query("SHOW statement_timeout")).rows[0]).toEqual({ statement_timeout: "300ms" });
    await expect(web.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });

    const client = await web.connect();
    client.on("error", () => {});
    await client.query("BEGIN");
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    await new Promise((r) => setTimeout(r, 1200));
    // PostgreSQL ended the session: it is gone from pg_stat_activity and the client cannot go on.
    const { rows } = await pool().query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
    expect(rows).toHaveLength(0);
    await expect(client.query("SELECT 1")).rejects.toThrow();
    client.release(true);
  });

  it("workers and scripts get no such limits: their chunks and exports run long on purpose", async () => {
    vi.stubEnv("WEB_DB_STATEMENT_TIMEOUT_MS", "300");
    const background = openPool("background", 1);
    expect((await background.query("SHOW statement_timeout")).rows[0]).toEqual({ statement_timeout: "0" });
    expect((await background.query("SHOW idle_in_transaction_session_timeout")).rows[0]).toEqual({ idle_in_transaction_session_timeout: "0" });
    await background.query("SELECT pg_sleep(0.5)");
    // The test process is not the web app, so its shared pool is a background one.
    expect((await pool().query("SHOW statement_timeout")).rows[0]).toEqual({ statement_timeout: "0" });
  });

  it("a query waits at most DB_CONNECT_TIMEOUT_MS for a free connection, then fails", async () => {
    vi.stubEnv("DB_CONNECT_TIMEOUT_MS", "250");
    const small = openPool("web", 1);
    const held = await small.connect();
    const started = Date.now();
    await expect(small.query("SELECT 1")).rejects.toThrow(/timeout/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(3000);
    held.release();
    await expect(small.query("SELECT 1 AS ok")).resolves.toMatchObject({ rows: [{ ok: 1 }] });
  });

  it("control writes have connections of their own: they go through while the main pool is full", async () => {
    const main = pool();
    const held = await Promise.all(Array.from({ length: main.options.max }, () => main.connect()));
    try {
      expect(main.idleCount).toBe(0);
      const { rows } = await controlPool().query("SELECT 1 AS ok");
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      for (const c of held) c.release();
    }
  });
});
