// An account change commits only together with its audit row: when the audit insert fails (as a
// crash or a lost connection between the two would), the change made through better-auth is rolled
// back with it.
import { beforeAll, describe, expect, it } from "vitest";
import { callerWithCookie, signInCookie, signInStatus } from "../../tests/helpers/accounts";
import { asOwner } from "../../tests/helpers/owner";
import { seedRows } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";

const STRONG = "Velvet-Quarry-Lantern-58";
const NEWER = "Orchid-Harbour-Tundra-91";
let admin: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  await seedRows({});
  admin = await callerAs("admin");
});

/** Runs `fn` while every audit insert of `action` fails, as if the process died before writing it. */
async function withFailingAudit(action: string, fn: () => Promise<unknown>): Promise<void> {
  await asOwner(`CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.action = ${`'${action}'`} THEN RAISE EXCEPTION 'audit store unavailable'; END IF; RETURN NEW; END $$`);
  await asOwner("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION fail_audit()");
  try {
    await expect(fn()).rejects.toThrow();
  } finally {
    await asOwner("DROP TRIGGER fail_audit ON audit_logs; DROP FUNCTION fail_audit()");
  }
}

async function user(email: string) {
  const { rows } = await pool().query<{ id: string; role: string; banned: boolean | null; sessions: number }>(
    `SELECT u.id, u.role, u.banned, (SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id) AS sessions FROM users u WHERE email = $1`,
    [email],
  );
  return rows[0] ?? null;
}

async function audited(action: string, userId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_logs WHERE action = $1 AND details->>'userId' = $2`, [action, userId]);
  return rows[0]!.n;
}

async function makeUser(email: string, role: "operator" | "viewer" = "viewer") {
  const { id } = await admin.users.create({ email, name: email.split("@")[0]!, role, access: { kind: "password", password: STRONG } });
  return id;
}

describe("an account change and its audit row commit together or not at all", () => {
  it("a role change whose audit row cannot be written does not happen; with it, both are there", async () => {
    const id = await makeUser("rory@example.com");
    await withFailingAudit("user.set_role", () => admin.users.setRole({ userId: id, role: "operator" }));
    expect((await user("rory@example.com"))!.role).toBe("viewer");
    expect(await audited("user.set_role", id)).toBe(0);

    await admin.users.setRole({ userId: id, role: "operator" });
    expect((await user("rory@example.com"))!.role).toBe("operator");
    expect(await audited("user.set_role", id)).toBe(1);
  });

  it("disabling: without its audit row the user stays enabled and keeps their sessions", async () => {
    const id = await makeUser("dana@example.com");
    await signInCookie("dana@example.com", STRONG);
    await withFailingAudit("user.disable", () => admin.users.disable({ userId: id }));
    expect(await user("dana@example.com")).toMatchObject({ banned: false, sessions: 1 });
    expect(await signInStatus("dana@example.com", STRONG)).toBe(200);

    await admin.users.disable({ userId: id });
    expect(await user("dana@example.com")).toMatchObject({ banned: true, sessions: 0 });
    expect(await audited("user.disable", id)).toBe(1);
  });

  it("creating or inviting: without its audit row there is no user and no link", async () => {
    await withFailingAudit("user.invite", () => admin.users.create({ email: "ivy@example.com", name: "Ivy", role: "viewer", access: { kind: "invite" } }));
    expect(await user("ivy@example.com")).toBeNull();
    const { rows } = await pool().query(`SELECT 1 FROM verifications WHERE value NOT IN (SELECT id FROM users)`);
    expect(rows).toHaveLength(0);

    const { id, link } = await admin.users.create({ email: "ivy@example.com", name: "Ivy", role: "viewer", access: { kind: "invite" } });
    expect(link?.url).toMatch(/\/set-password\?token=/);
    expect(await audited("user.invite", id)).toBe(1);
  });

  it("a password reset without its audit row leaves the old password working", async () => {
    const id = await makeUser("pat@example.com");
    await withFailingAudit("user.reset_password", () => admin.users.resetPassword({ userId: id, access: { kind: "password", password: NEWER } }));
    expect(await signInStatus("pat@example.com", STRONG)).toBe(200);
    expect(await signInStatus("pat@example.com", NEWER)).toBe(401);

    await admin.users.resetPassword({ userId: id, access: { kind: "password", password: NEWER } });
    expect(await signInStatus("pat@example.com", STRONG)).toBe(401);
    expect(await signInStatus("pat@example.com", NEWER)).toBe(200);
    expect(await audited("user.reset_password", id)).toBe(1);
  });

  it("a set-password link redeemed without its audit row stays unused, and the password unset", async () => {
    const { id, link } = await admin.users.create({ email: "lee@example.com", name: "Lee", role: "viewer", access: { kind: "invite" } });
    const token = new URL(link!.url).searchParams.get("token")!;
    const anonymous = await callerWithCookie("");
    await withFailingAudit("account.set_password_with_link", () => anonymous.account.setPasswordWithLink({ token, password: STRONG }));
    expect(await signInStatus("lee@example.com", STRONG)).toBe(401);

    await anonymous.account.setPasswordWithLink({ token, password: STRONG });
    expect(await signInStatus("lee@example.com", STRONG)).toBe(200);
    expect(await audited("account.set_password_with_link", id)).toBe(1);
  });

  it("deleting: without its audit row the user is still there", async () => {
    const id = await makeUser("del@example.com");
    await withFailingAudit("user.delete", () => admin.users.delete({ userId: id }));
    expect(await user("del@example.com")).not.toBeNull();
    await admin.users.delete({ userId: id });
    expect(await user("del@example.com")).toBeNull();
    expect(await audited("user.delete", id)).toBe(1);
  });

  it("changing one's own password without its audit row keeps the old one", async () => {
    await makeUser("own@example.com");
    const own = await callerWithCookie(await signInCookie("own@example.com", STRONG));
    await withFailingAudit("account.change_password", () => own.account.changePassword({ currentPassword: STRONG, newPassword: NEWER, signOutOtherSessions: false }));
    expect(await signInStatus("own@example.com", STRONG)).toBe(200);
    await own.account.changePassword({ currentPassword: STRONG, newPassword: NEWER, signOutOtherSessions: false });
    expect(await signInStatus("own@example.com", NEWER)).toBe(200);
  });
});
