import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// better-auth reads its rate-limit switch when it is built, and the suite turns the limits off for every
// other file; this one builds it with them on, and small limits.
process.env.AUTH_RATE_LIMIT = "on";
process.env.AUTH_SIGNIN_PER_MINUTE = "3";
process.env.AUTH_SIGNIN_PER_ACCOUNT = "4";
const { toNodeHandler } = await import("better-auth/node");
const { auth } = await import("./auth");
const { stampClientIp, trustedRanges } = await import("./client-ip");
const { pool } = await import("../db");
const { ensureDemoUsers } = await import("../seed/seed");

const servers: http.Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/**
 * better-auth behind the same client-address step as server/web/main.ts (there Next's handler follows;
 * here better-auth's own Node handler, so the test needs no build), on a loopback port.
 */
async function serve(trustedProxies: string[]): Promise<string> {
  const ranges = trustedRanges(trustedProxies);
  const handler = toNodeHandler(auth);
  const server = http.createServer((req, res) => {
    stampClientIp(req, ranges);
    void handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function signIn(base: string, email: string, password: string, forwardedFor?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: new URL(auth.options.baseURL!).origin, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.text() };
}

async function statuses(n: number, attempt: (i: number) => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await attempt(i)).status);
  return out;
}

describe("the per-IP sign-in limit", () => {
  it("counts a direct client by its socket: a new X-Forwarded-For on every attempt does not escape it", async () => {
    const base = await serve([]);
    const got = await statuses(5, (i) => signIn(base, `nobody-${i}@example.com`, "wrong-password-1", `203.0.113.${i + 1}`));
    expect(got).toEqual([401, 401, 401, 429, 429]);
  });

  it("behind a trusted proxy, counts the address the proxy appended, whatever the client prepended", async () => {
    const base = await serve(["127.0.0.1"]);
    const got = await statuses(4, (i) => signIn(base, `someone-${i}@example.com`, "wrong-password-1", `10.9.9.${i}, 198.51.100.20`));
    expect(got).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy has its own count, and its session records its address.
    await ensureDemoUsers();
    expect((await signIn(base, "viewer@batchdesk.local", "batchdesk-viewer", "198.51.100.21")).status).toBe(200);
    const { rows } = await pool().query<{ ip: string }>(`SELECT ip_address AS ip FROM sessions ORDER BY created_at DESC LIMIT 1`);
    expect(rows[0]!.ip).toBe("198.51.100.21");
  });
});

describe("the per-address sign-in limit", () => {
  // Through a trusted proxy, from a new address every time: the per-IP limit never bites, so what is
  // seen is the per-address limit, which changing one's address does not dodge.
  let proxy: string;
  let hop = 0;
  const attempt = async (email: string, password: string) => {
    proxy ??= await serve(["127.0.0.1"]);
    hop += 1;
    return signIn(proxy, email, password, `192.0.2.${hop % 250}, 198.18.${Math.floor(hop / 250)}.${hop % 250}`);
  };

  it("refuses an address after its failed attempts, even with the right password, and says the same for an unknown one", async () => {
    await ensureDemoUsers();
    const real = await statuses(5, () => attempt("operator@batchdesk.local", "wrong-password-1"));
    const unknown = await statuses(5, () => attempt("no-such-user@example.com", "wrong-password-1"));
    expect(real).toEqual([401, 401, 401, 401, 429]);
    expect(unknown).toEqual(real);
    const right = await attempt("OPERATOR@batchdesk.local ", "batchdesk-operator");
    const other = await attempt("no-such-user@example.com", "batchdesk-operator");
    expect(right.status).toBe(429);
    expect(right.body).toMatch(/Too many failed sign-ins for this email address/);
    // Same words for both: the answer does not tell which address has an account.
    expect(JSON.parse(right.body).message.replace(/\d+ minutes?/, "N")).toBe(JSON.parse(other.body).message.replace(/\d+ minutes?/, "N"));
    // Counted in PostgreSQL, so every web process sees the same count.
    const { rows } = await pool().query<{ attempts: number }>(`SELECT attempts FROM sign_in_failures WHERE email = 'operator@batchdesk.local'`);
    expect(rows[0]!.attempts).toBeGreaterThan(4);
  });

  it("lets the address in again once its window has passed, and a success clears the count", async () => {
    await pool().query(`UPDATE sign_in_failures SET window_start_at = now() - interval '1 hour' WHERE email = 'operator@batchdesk.local'`);
    expect((await attempt("operator@batchdesk.local", "wrong-password-1")).status).toBe(401);
    expect((await attempt("operator@batchdesk.local", "batchdesk-operator")).status).toBe(200);
    const { rows } = await pool().query(`SELECT 1 FROM sign_in_failures WHERE email = 'operator@batchdesk.local'`);
    expect(rows).toHaveLength(0);
  });

  it("counts many parallel guesses exactly: no burst slips past the limit", async () => {
    const got = await Promise.all(Array.from({ length: 12 }, () => attempt("admin@batchdesk.local", "wrong-password-1")));
    expect(got.filter((r) => r.status === 401)).toHaveLength(4);
    expect(got.filter((r) => r.status === 429)).toHaveLength(8);
  });
});
