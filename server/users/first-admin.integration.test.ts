import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pool } from "../db";
import { seed } from "../seed/seed";
import { usableDemoAccounts } from "../seed/demo-mode";
import { activeAdminExists, ensureFirstAdmin } from "./first-admin";

const ROOT = path.resolve(import.meta.dirname, "../..");
const STRONG = "Velvet-Quarry-Lantern-58";

/** Runs a script of ours as a process of its own on this file's database. */
function script(file: string, args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: res.status, output: res.stdout + res.stderr };
}

async function users(): Promise<{ email: string; role: string }[]> {
  return (await pool().query<{ email: string; role: string }>(`SELECT email, role FROM users ORDER BY email`)).rows;
}

afterEach(() => {
  delete process.env.BATCHDESK_ADMIN_EMAIL;
  delete process.env.BATCHDESK_ADMIN_PASSWORD;
});

// The tests build on one another, in order: a real database's first start, then its first admin, then the demo.
describe("a real database starts with no known credentials", () => {
  it("has no user and no demo sign-in; the start finds the first admin missing", async () => {
    expect(await users()).toEqual([]);
    expect(await activeAdminExists()).toBe(false);
    expect(await ensureFirstAdmin()).toBe("missing");
    expect(await usableDemoAccounts()).toEqual([]);
    expect(await users()).toEqual([]);
  });

  it("npm run seed without --demo creates no account, and says how to get one", () => {
    const res = script("scripts/seed.ts", ["--letters", "1"]);
    expect(res.status).toBe(1);
    expect(res.output).toMatch(/npm run create-admin/);
  });

  it("refuses half of BATCHDESK_ADMIN_* and a weak password, creating nothing", async () => {
    process.env.BATCHDESK_ADMIN_EMAIL = "root@example.com";
    await expect(ensureFirstAdmin()).rejects.toThrow(/Set both BATCHDESK_ADMIN_EMAIL and BATCHDESK_ADMIN_PASSWORD/);
    process.env.BATCHDESK_ADMIN_PASSWORD = "admin1234567";
    await expect(ensureFirstAdmin()).rejects.toThrow(/^BATCHDESK_ADMIN_PASSWORD \/ BATCHDESK_ADMIN_EMAIL: Choose a stronger password/);
    expect(await users()).toEqual([]);
  });

  it("creates the first admin from BATCHDESK_ADMIN_* once, even with two processes starting at once; later starts ignore them", async () => {
    process.env.BATCHDESK_ADMIN_EMAIL = "Root@Example.com";
    process.env.BATCHDESK_ADMIN_PASSWORD = STRONG;
    expect((await Promise.all([ensureFirstAdmin(), ensureFirstAdmin()])).sort()).toEqual(["created", "exists"]);
    process.env.BATCHDESK_ADMIN_EMAIL = "second@example.com";
    expect(await ensureFirstAdmin()).toBe("exists");
    expect(await users()).toEqual([{ email: "root@example.com", role: "admin" }]);
    const { rows } = await pool().query(`SELECT details->>'via' AS via FROM audit_logs WHERE action = 'user.create'`);
    expect(rows).toEqual([{ via: "BATCHDESK_ADMIN_EMAIL" }]);
  });

  it("npm run create-admin --email/--name/--password creates an admin with a strong password only", async () => {
    const weak = script("scripts/create-admin.ts", ["--email", "ops@example.com", "--name", "Ops", "--password", "opsops123456"]);
    expect(weak.status).not.toBe(0);
    expect(weak.output).toMatch(/^create-admin: Choose a stronger password/m);
    const ok = script("scripts/create-admin.ts", ["--email", "ops@example.com", "--name", "Ops Lead", "--password", STRONG]);
    expect(ok.output).toMatch(/Created the admin ops@example.com/);
    expect(ok.status).toBe(0);
    const twice = script("scripts/create-admin.ts", ["--email", "ops@example.com", "--name", "Ops Lead", "--password", STRONG]);
    expect(twice.status).not.toBe(0);
    expect(twice.output).toMatch(/already exists/);
    expect(await users()).toEqual([
      { email: "ops@example.com", role: "admin" },
      { email: "root@example.com", role: "admin" },
    ]);
  });

  it("without a terminal and without flags, create-admin asks for them instead of hanging", () => {
    const res = script("scripts/create-admin.ts", []);
    expect(res.status).toBe(2);
    expect(res.output).toMatch(/Pass --email, --name and --password/);
  });
});

describe("demo mode", () => {
  it("seed --demo adds the demo accounts; the sign-in page shows one per role while their published passwords work", async () => {
    await seed({ letters: 2 }, { demo: true });
    expect((await usableDemoAccounts()).map((a) => a.email)).toEqual(["admin@batchdesk.local", "operator@batchdesk.local", "viewer@batchdesk.local"]);
  });

  it("stops showing a demo account once its password is changed or it is disabled", async () => {
    await pool().query(`UPDATE accounts SET password = (SELECT password FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = 'root@example.com')
                         WHERE user_id = (SELECT id FROM users WHERE email = 'operator@batchdesk.local')`);
    await pool().query(`UPDATE users SET banned = true WHERE email = 'viewer@batchdesk.local'`);
    expect((await usableDemoAccounts()).map((a) => a.email)).toEqual(["admin@batchdesk.local"]);
  });
});
