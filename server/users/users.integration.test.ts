import { beforeAll, describe, expect, it } from "vitest";
import { callerWithCookie, signInCookie, signInStatus } from "../../tests/helpers/accounts";
import { seedRows } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";
import { getSessionActor } from "../auth/session";

const STRONG = "Velvet-Quarry-Lantern-58";
let admin: Awaited<ReturnType<typeof callerAs>>;

async function auditActions(email: string): Promise<string[]> {
  const { rows } = await pool().query<{ action: string }>(`SELECT action FROM audit_logs WHERE details->>'email' = $1 ORDER BY id`, [email]);
  return rows.map((r) => r.action);
}

async function makeUser(email: string, role: "admin" | "operator" | "viewer", password = STRONG) {
  const { id } = await admin.users.create({ email, name: email.split("@")[0]!, role, access: { kind: "password", password } });
  return id;
}

beforeAll(async () => {
  admin = await callerAs("admin");
});

describe("users page: create, list, roles", () => {
  it("an admin creates an operator with a password; the operator signs in with that role and it is audited", async () => {
    const id = await makeUser("olive@example.com", "operator");
    const olive = await callerWithCookie(await signInCookie("olive@example.com", STRONG));
    expect(await olive.me.get()).toMatchObject({ id, role: "operator", email: "olive@example.com" });
    const row = (await admin.users.list()).find((u) => u.id === id)!;
    expect(row).toMatchObject({ role: "operator", status: "active", openSessions: 1 });
    expect(row.lastSignInAt).toBeInstanceOf(Date);
    expect(await auditActions("olive@example.com")).toEqual(["user.create"]);
  });

  it("refuses a weak first password with a message on the password field, and creates nothing", async () => {
    const err = await admin.users.create({ email: "weak@example.com", name: "Weak", role: "viewer", access: { kind: "password", password: "password1234" } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/password: Choose a stronger password/) });
    const { rows } = await pool().query(`SELECT 1 FROM users WHERE email = 'weak@example.com'`);
    expect(rows).toHaveLength(0);
  });

  it("refuses a second user with the same email, whatever its case", async () => {
    await makeUser("twin@example.com", "viewer");
    await expect(admin.users.create({ email: "TWIN@example.com", name: "Twin", role: "viewer", access: { kind: "invite" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "A user with this email address already exists.",
    });
  });

  it("an invite has no password until its one-time link is used; the link then signs nothing in twice", async () => {
    const { id, link } = await admin.users.create({ email: "ivy@example.com", name: "Ivy Invited", role: "viewer", access: { kind: "invite" } });
    expect((await admin.users.list()).find((u) => u.id === id)?.status).toBe("invited");
    expect(await signInStatus("ivy@example.com", STRONG)).toBe(401);
    const token = new URL(link!.url).searchParams.get("token")!;
    expect(new URL(link!.url).pathname).toBe("/set-password");

    const anonymous = await callerWithCookie("");
    await expect(anonymous.account.setPasswordWithLink({ token, password: "password1234" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await anonymous.account.setPasswordWithLink({ token, password: STRONG });
    expect(await signInStatus("ivy@example.com", STRONG)).toBe(200);
    expect((await admin.users.list()).find((u) => u.id === id)?.status).toBe("active");
    await expect(anonymous.account.setPasswordWithLink({ token, password: "Another-Strong-Phrase-91" })).rejects.toMatchObject({ message: /invalid or has expired/ });
    expect(await auditActions("ivy@example.com")).toEqual(["user.invite"]);
  });

  it("a role change takes effect on the user's next request, with the same session", async () => {
    await makeUser("rory@example.com", "operator");
    const cookie = await signInCookie("rory@example.com", STRONG);
    const before = await callerWithCookie(cookie);
    expect((await before.me.get()).role).toBe("operator");
    const { id } = (await before.me.get());
    await admin.users.setRole({ userId: id, role: "viewer" });
    const after = await callerWithCookie(cookie);
    expect((await after.me.get()).role).toBe("viewer");
    await expect(after.batch.pause({ batchId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await admin.users.setRole({ userId: id, role: "admin" });
    await expect((await callerWithCookie(cookie)).users.list()).resolves.toBeInstanceOf(Array);
  });

  it("only admins reach the users procedures", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const caller = await callerAs(role);
      await expect(caller.users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.users.create({ email: "x@example.com", name: "X", role: "admin", access: { kind: "invite" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

describe("disabling", () => {
  it("ends the user's sessions at once: their open page's next request has no actor, and they cannot sign in until enabled", async () => {
    const id = await makeUser("dora@example.com", "operator");
    const cookie = await signInCookie("dora@example.com", STRONG);
    await signInCookie("dora@example.com", STRONG);
    expect((await (await callerWithCookie(cookie)).me.get()).id).toBe(id);

    await admin.users.disable({ userId: id, reason: "left the team" });
    await expect((await callerWithCookie(cookie)).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const { rows } = await pool().query(`SELECT 1 FROM sessions WHERE user_id = $1`, [id]);
    expect(rows).toHaveLength(0);
    expect(await signInStatus("dora@example.com", STRONG)).toBe(403);
    expect((await admin.users.list()).find((u) => u.id === id)).toMatchObject({ status: "disabled", disabledReason: "left the team" });

    await admin.users.enable({ userId: id });
    expect(await signInStatus("dora@example.com", STRONG)).toBe(200);
    expect(await auditActions("dora@example.com")).toEqual(["user.create", "user.disable", "user.enable"]);
  });

  it("a disabled user gets no actor from any session that still exists (a token or a session made meanwhile)", async () => {
    const id = await makeUser("sly@example.com", "operator");
    const cookie = await signInCookie("sly@example.com", STRONG);
    // Banned behind the plugin's back: the session row stays, as a credential issued in a race would.
    await pool().query(`UPDATE users SET banned = true WHERE id = $1`, [id]);
    expect(await getSessionActor(new Headers({ cookie }))).toBeNull();
    // A ban whose end has passed no longer counts.
    await pool().query(`UPDATE users SET ban_expires = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect((await getSessionActor(new Headers({ cookie })))?.id).toBe(id);
  });

  it("an admin cannot disable or delete their own account", async () => {
    const { id } = await admin.me.get();
    await expect(admin.users.disable({ userId: id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: /your own account/ });
    await expect(admin.users.delete({ userId: id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: /your own account/ });
  });
});

describe("passwords reset by an admin", () => {
  it("a temporary password replaces the old one and ends the user's sessions", async () => {
    const id = await makeUser("tess@example.com", "viewer");
    const cookie = await signInCookie("tess@example.com", STRONG);
    await admin.users.resetPassword({ userId: id, access: { kind: "password", password: "Temporary-Harbor-Kettle-27" } });
    await expect((await callerWithCookie(cookie)).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await signInStatus("tess@example.com", STRONG)).toBe(401);
    expect(await signInStatus("tess@example.com", "Temporary-Harbor-Kettle-27")).toBe(200);
    await expect(admin.users.resetPassword({ userId: id, access: { kind: "password", password: "tess12345678" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a reset link sets a new password once and ends the sessions when used; a newer link replaces an older one", async () => {
    const id = await makeUser("lena@example.com", "viewer");
    const cookie = await signInCookie("lena@example.com", STRONG);
    const first = await admin.users.resetPassword({ userId: id, access: { kind: "link" } });
    const second = await admin.users.resetPassword({ userId: id, access: { kind: "link" } });
    const token = (l: typeof first) => new URL(l.link!.url).searchParams.get("token")!;
    const anonymous = await callerWithCookie("");
    await expect(anonymous.account.setPasswordWithLink({ token: token(first), password: "Lantern-Meadow-Quartz-64" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await (await callerWithCookie(cookie)).me.get()).id).toBe(id);
    await anonymous.account.setPasswordWithLink({ token: token(second), password: "Lantern-Meadow-Quartz-64" });
    await expect((await callerWithCookie(cookie)).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await signInStatus("lena@example.com", "Lantern-Meadow-Quartz-64")).toBe(200);
    expect(await auditActions("lena@example.com")).toEqual(["user.create", "user.password_link", "user.password_link"]);
  });
});

describe("deleting", () => {
  it("deletes a user who owns nothing, and refuses one who owns records", async () => {
    const id = await makeUser("gone@example.com", "viewer");
    await admin.users.delete({ userId: id });
    expect((await admin.users.list()).some((u) => u.id === id)).toBe(false);

    await seedRows({ letters: 5 });
    const { rows } = await pool().query<{ id: string }>(`SELECT owner_id AS id FROM letters WHERE owner_id <> $1 LIMIT 1`, [(await admin.me.get()).id]);
    await expect(admin.users.delete({ userId: rows[0]!.id })).rejects.toMatchObject({ code: "CONFLICT", message: /Disable the account instead/ });
  });
});
