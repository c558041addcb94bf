import { beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../../tests/helpers/batch";
import { appOrigin, cookieAs, routeHttp, trpcCode, trpcHttp, trpcMessage } from "../../tests/helpers/http";
import { seedRows } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { callerWithToken, demoActor, tokenOf } from "../../tests/helpers/tokens";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { requestActor } from "../auth/request-actor";
import { pool } from "../db";
import { hashToken } from "./secret";

// API tokens end to end through the real endpoints: issued within the role, shown once, stored
// hashed, resolved per request from the database (so revocation, expiry, a disable and a demotion
// count on the very next request), scoped, audited.

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (token: string, headers: Record<string, string> = {}) => trpcHttp({ path: "me.get", type: "query", headers: { ...bearer(token), ...headers } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let admin: Awaited<ReturnType<typeof callerAs>>;
beforeAll(async () => {
  await seedRows({ letters: 20 });
  admin = await callerAs("admin");
}, 60_000);

describe("issuing tokens", () => {
  it("shows the secret once and keeps only its SHA-256", async () => {
    const created = await tokenOf("operator", ["read", "batches"], { name: "nightly sync", expiresInDays: 7 });
    expect(created.token).toMatch(/^bd_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 11));
    const { rows } = await pool().query(`SELECT * FROM api_tokens WHERE id = $1`, [created.id]);
    expect(rows[0].secret_hash).toBe(hashToken(created.token));
    // Nothing of the secret beyond the shown prefix is stored anywhere in the row.
    expect(JSON.stringify(rows[0])).not.toContain(created.token.slice(11, 30));
    const days = (created.expiresAt!.getTime() - created.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);

    const operator = await callerAs("operator");
    const listed = (await operator.tokens.list()).find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ name: "nightly sync", prefix: created.prefix, scopes: ["read", "batches"], status: "active", lastUsedAt: null });
    expect(listed).not.toHaveProperty("token");
    // Someone else's list does not show it; an admin's list of all tokens does.
    expect((await (await callerAs("operator2")).tokens.list()).some((t) => t.id === created.id)).toBe(false);
    expect((await admin.tokens.listAll()).find((t) => t.id === created.id)?.owner.email).toBe("operator@batchdesk.local");
  });

  it("never wider than the user's role", async () => {
    const viewer = await callerAs("viewer");
    for (const scopes of [["batches"], ["media"], ["read", "admin"]] as const) {
      const err = await errorOf(viewer.tokens.create({ name: "too wide", scopes: [...scopes], expiresInDays: 30 }));
      expect(err.code, scopes.join()).toBe("FORBIDDEN");
    }
    const operator = await callerAs("operator");
    expect((await errorOf(operator.tokens.create({ name: "too wide", scopes: ["admin"], expiresInDays: null }))).message).toContain(`"admin"`);
    expect((await viewer.tokens.create({ name: "reports", scopes: ["read", "exports"], expiresInDays: null })).expiresAt).toBeNull();
  });

  it("refuses bad inputs with field messages", async () => {
    const viewer = await callerAs("viewer");
    for (const input of [
      { name: " ", scopes: ["read"], expiresInDays: 30 },
      { name: "x", scopes: [], expiresInDays: 30 },
      { name: "x", scopes: ["read", "read"], expiresInDays: 30 },
      { name: "x", scopes: ["read"], expiresInDays: 12 },
      { name: "x", scopes: ["write"], expiresInDays: 30 },
    ]) {
      expect((await errorOf(viewer.tokens.create(input as never))).code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
  });

  it("audits creation and revocation, naming the token", async () => {
    const created = await tokenOf("viewer", ["read"], { name: "audited" });
    const viewer = await callerAs("viewer");
    await viewer.tokens.revoke({ tokenId: created.id });
    const { rows } = await pool().query<{ action: string; actor_kind: string; details: Record<string, unknown> }>(
      `SELECT action, actor_kind, details FROM audit_logs WHERE details->>'tokenId' = $1 ORDER BY id`,
      [created.id],
    );
    expect(rows.map((r) => [r.action, r.actor_kind, r.details.name])).toEqual([
      ["token.create", "user", "audited"],
      ["token.revoke", "user", "audited"],
    ]);
  });
});

describe("a request with a token", () => {
  it("acts as the owner, kind token, and records last use and client IP at most once a minute", async () => {
    const { token, id } = await tokenOf("operator", ["read"]);
    const r = await me(token, { [CLIENT_IP_HEADER]: "203.0.113.7" });
    expect([r.status, r.text]).toEqual([200, expect.stringContaining(`"kind":"token"`)]);
    expect(r.text).toContain("operator@batchdesk.local");
    let used: { last_used_at: Date | null; last_used_ip: string | null } = { last_used_at: null, last_used_ip: null };
    for (let i = 0; i < 50 && !used.last_used_at; i++) {
      await sleep(50);
      used = (await pool().query(`SELECT last_used_at, last_used_ip FROM api_tokens WHERE id = $1`, [id])).rows[0];
    }
    expect(used.last_used_ip).toBe("203.0.113.7");
    // A second use within the minute writes nothing.
    await me(token, { [CLIENT_IP_HEADER]: "198.51.100.9" });
    await sleep(300);
    const again = (await pool().query(`SELECT last_used_at, last_used_ip FROM api_tokens WHERE id = $1`, [id])).rows[0];
    expect(again).toEqual(used);
  });

  it("is 401 for a malformed, unknown, revoked or expired token", async () => {
    const { token: unknown } = await tokenOf("viewer", ["read"]);
    await pool().query(`DELETE FROM api_tokens WHERE secret_hash = $1`, [hashToken(unknown)]);
    for (const t of ["", "nope", `${unknown}x`, unknown]) {
      const r = await me(t);
      expect([r.status, trpcCode(r)], t).toEqual([401, "UNAUTHORIZED"]);
    }
    const expiring = await tokenOf("viewer", ["read"]);
    expect((await me(expiring.token)).status).toBe(200);
    await pool().query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    expect((await me(expiring.token)).status).toBe(401);
    expect((await (await callerAs("viewer")).tokens.list()).find((t) => t.id === expiring.id)?.status).toBe("expired");
  });

  it("stops working the moment it is revoked, by its owner or by an admin; others cannot revoke it", async () => {
    const first = await tokenOf("operator", ["read"]);
    expect((await me(first.token)).status).toBe(200);
    await (await callerAs("operator")).tokens.revoke({ tokenId: first.id });
    expect((await me(first.token)).status).toBe(401);

    const second = await tokenOf("operator", ["read"]);
    expect((await errorOf((await callerAs("operator2")).tokens.revoke({ tokenId: second.id }))).code).toBe("NOT_FOUND");
    expect((await me(second.token)).status).toBe(200);
    const revoked = await admin.tokens.revoke({ tokenId: second.id });
    expect(revoked).toMatchObject({ status: "revoked" });
    expect((await me(second.token)).status).toBe(401);
    const { rows } = await pool().query(`SELECT revoked_by FROM api_tokens WHERE id = $1`, [second.id]);
    expect(rows[0].revoked_by).toBe((await demoActor("admin")).id);
  });

  it("is 401 while its owner is disabled, and works again once they are enabled", async () => {
    const { id: userId } = await admin.users.create({ email: `token-owner-${Date.now()}@example.com`, name: "Token Owner", role: "operator", access: { kind: "password", password: "Owner-long-passphrase-42" } });
    const { rows } = await pool().query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [userId]);
    const { createToken } = await import("./tokens");
    const { userActor } = await import("../auth/actor");
    const { token } = await createToken(userActor({ id: userId, email: rows[0]!.email, name: "Token Owner", role: "operator" }), { name: "owner's", scopes: ["read"], expiresInDays: 30 });
    expect((await me(token)).status).toBe(200);
    await admin.users.disable({ userId });
    expect((await me(token)).status).toBe(401);
    await admin.users.enable({ userId });
    expect((await me(token)).status).toBe(200);
  });

  it("shrinks with its owner's role: a demoted operator's batches token reads, and runs nothing", async () => {
    const ownerId = (await demoActor("operator2")).id;
    const { token } = await tokenOf("operator2", ["read", "batches", "media"]);
    const validate = () =>
      trpcHttp({ path: "batch.validate", type: "mutation", input: { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "restore" } }, headers: bearer(token) });
    expect((await validate()).status).toBe(200);
    await admin.users.setRole({ userId: ownerId, role: "viewer" });
    try {
      const actor = await requestActor(new Headers(bearer(token)));
      expect(actor).toMatchObject({ kind: "token", role: "viewer", scopes: ["read"] });
      const r = await validate();
      expect([r.status, trpcCode(r)]).toEqual([403, "FORBIDDEN"]);
      expect((await me(token)).status).toBe(200);
    } finally {
      await admin.users.setRole({ userId: ownerId, role: "operator" });
    }
    expect((await validate()).status).toBe(200);
  });
});

describe("scopes", () => {
  it("refuse a procedure the token's scopes do not cover, saying which scope", async () => {
    const { token } = await tokenOf("admin", ["read"]);
    const audit = await trpcHttp({ path: "audit.list", type: "query", input: {}, headers: bearer(token) });
    expect([audit.status, trpcCode(audit), trpcMessage(audit)]).toEqual([403, "FORBIDDEN", `This token lacks the "admin" scope.`]);
    const caller = await callerWithToken(token);
    expect((await errorOf(caller.exports.list({}))).message).toContain(`"exports"`);
    expect((await caller.resources.list()).length).toBeGreaterThan(0);
    // The admin scope holds every other.
    const all = await callerWithToken((await tokenOf("admin", ["admin"])).token);
    await all.audit.list({});
    await all.exports.list({});
  });

  it("keep tokens off token, account and user management, with a clear message", async () => {
    const { token } = await tokenOf("admin", ["read", "batches", "exports", "media", "admin"]);
    const caller = await callerWithToken(token);
    for (const call of [
      () => caller.tokens.create({ name: "child", scopes: ["read"], expiresInDays: 7 }),
      () => caller.tokens.list(),
      () => caller.tokens.listAll(),
      () => caller.account.sessions(),
      () => caller.account.changePassword({ currentPassword: "batchdesk-admin", newPassword: "Another-long-passphrase-42", signOutOtherSessions: false }),
      () => caller.users.list(),
    ]) {
      const err = await errorOf(call());
      expect([err.code, err.message]).toEqual(["FORBIDDEN", expect.stringContaining("API tokens cannot do this: sign in to the console")]);
    }
  });

  it("are enforced on route handlers by the route's rule", async () => {
    const operator = await callerAs("operator");
    const { id: batchId } = await operator.batch.validate({ resource: "letters", target: { kind: "ids", ids: [1, 2] }, operation: { type: "restore" } });
    const results = await import("../../app/api/batches/[id]/results/route");
    const get = (token: string) => routeHttp(results, "GET", new Request(`${appOrigin()}/api/batches/${batchId}/results`, { headers: bearer(token) }), { id: batchId });
    const exportsOnly = await get((await tokenOf("operator", ["exports"])).token);
    expect([exportsOnly.status, exportsOnly.json]).toMatchObject([403, { error: { code: "FORBIDDEN", message: `This token lacks the "read" scope.` } }]);
    const reader = await get((await tokenOf("operator", ["read"])).token);
    expect([reader.status, reader.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
    // Another operator's token is its owner: that batch is not theirs.
    expect((await get((await tokenOf("operator2", ["read"])).token)).status).toBe(404);
    expect((await get("bd_not-a-token")).status).toBe(401);
  });
});

describe("a token beside a session cookie", () => {
  it("is answered as the token alone: its scopes apply, and a bad token is 401 despite a valid cookie", async () => {
    const cookie = await cookieAs("admin");
    const { token } = await tokenOf("viewer", ["read"]);
    const r = await trpcHttp({ path: "me.get", type: "query", cookie, headers: bearer(token) });
    expect(r.text).toContain("viewer@batchdesk.local");
    const audit = await trpcHttp({ path: "audit.list", type: "query", input: {}, cookie, headers: bearer(token) });
    expect([audit.status, trpcCode(audit)]).toEqual([403, "FORBIDDEN"]);
    const bad = await trpcHttp({ path: "me.get", type: "query", cookie, headers: bearer("bd_revoked-or-made-up") });
    expect([bad.status, trpcCode(bad)]).toEqual([401, "UNAUTHORIZED"]);
    // Without the token the same cookie is the admin.
    expect((await trpcHttp({ path: "me.get", type: "query", cookie })).text).toContain("admin@batchdesk.local");
  });
});

describe("audit of what a token does", () => {
  it("names the token: kind token, via token:<id>, and its name on the audit page", async () => {
    const { token, id } = await tokenOf("operator", ["read", "batches"], { name: "audit trail script" });
    const caller = await callerWithToken(token);
    const { id: batchId } = await caller.batch.validate({ resource: "letters", target: { kind: "ids", ids: [3] }, operation: { type: "restore" } });
    await caller.batch.discard({ batchId });
    const { rows } = await pool().query<{ actor_kind: string; actor_via: string; actor_email: string }>(`SELECT actor_kind, actor_via, actor_email FROM audit_logs WHERE batch_id = $1 AND action = 'batch.discard'`, [batchId]);
    expect(rows).toEqual([{ actor_kind: "token", actor_via: `token:${id}`, actor_email: "operator@batchdesk.local" }]);
    const page = await admin.audit.list({ actorEmail: "operator@batchdesk.local", pageSize: 50 });
    const entry = page.entries.find((e) => e.batchId === batchId && e.action === "batch.discard")!;
    expect(entry.token).toMatchObject({ id, name: "audit trail script" });
  });
});
