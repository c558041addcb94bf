import { beforeAll, describe, expect, it } from "vitest";
import { callerWithCookie, signInCookie, signInStatus } from "../../tests/helpers/accounts";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";

const STRONG = "Velvet-Quarry-Lantern-58";
const CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
let admin: Awaited<ReturnType<typeof callerAs>>;

async function makeUser(email: string) {
  await admin.users.create({ email, name: email.split("@")[0]!, role: "operator", access: { kind: "password", password: STRONG } });
}

beforeAll(async () => {
  admin = await callerAs("admin");
});

describe("changing one's password", () => {
  it("needs the current password, refuses a weak or unchanged new one, and keeps the old one until it succeeds", async () => {
    await makeUser("paula@example.com");
    const paula = await callerWithCookie(await signInCookie("paula@example.com", STRONG));
    await expect(paula.account.changePassword({ currentPassword: "not-my-password-7", newPassword: "Orchard-Pebble-Violin-33", signOutOtherSessions: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "currentPassword: Your current password is not correct.",
    });
    await expect(paula.account.changePassword({ currentPassword: STRONG, newPassword: "paula1234567", signOutOtherSessions: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^newPassword: Choose a stronger password/),
    });
    await expect(paula.account.changePassword({ currentPassword: STRONG, newPassword: STRONG, signOutOtherSessions: false })).rejects.toMatchObject({
      message: expect.stringMatching(/^newPassword: Choose a new password/),
    });
    expect(await signInStatus("paula@example.com", STRONG)).toBe(200);
  });

  it("with the current one, replaces the password; other sessions end when asked, this one stays", async () => {
    await makeUser("carl@example.com");
    const here = await signInCookie("carl@example.com", STRONG);
    const elsewhere = await signInCookie("carl@example.com", STRONG);
    const carl = await callerWithCookie(here);
    expect(await carl.account.changePassword({ currentPassword: STRONG, newPassword: "Orchard-Pebble-Violin-33", signOutOtherSessions: true })).toEqual({ signedOut: 1 });
    expect(await signInStatus("carl@example.com", STRONG)).toBe(401);
    expect(await signInStatus("carl@example.com", "Orchard-Pebble-Violin-33")).toBe(200);
    expect((await (await callerWithCookie(here)).me.get()).email).toBe("carl@example.com");
    await expect((await callerWithCookie(elsewhere)).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const { rows } = await pool().query(`SELECT 1 FROM audit_logs WHERE action = 'account.change_password' AND actor_email = 'carl@example.com'`);
    expect(rows).toHaveLength(1);
  });
});

describe("one's sessions", () => {
  it("lists device, address and times, this one first and marked, and none of anyone else's", async () => {
    await makeUser("sam@example.com");
    const laptop = await signInCookie("sam@example.com", STRONG, { userAgent: CHROME_LINUX, ip: "198.51.100.4" });
    await signInCookie("sam@example.com", STRONG, { userAgent: SAFARI_IPHONE, ip: "2001:db8::7" });
    const sessions = await (await callerWithCookie(laptop)).account.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ current: true, device: "Chrome 131 on Linux", ipAddress: "198.51.100.4" });
    expect(sessions[1]).toMatchObject({ current: false, device: expect.stringMatching(/^Safari 18 on iOS.*\(mobile\)$/), ipAddress: "2001:db8::/64" });
    // (better-auth keeps an IPv6 client's /64 network, the unit its limits count.)
    for (const s of sessions) {
      expect(s.createdAt).toBeInstanceOf(Date);
      expect(s.lastActiveAt).toBeInstanceOf(Date);
    }
  });

  it("signs out one other session, refuses this one and someone else's, and signs out all others at once", async () => {
    await makeUser("rita@example.com");
    const here = await signInCookie("rita@example.com", STRONG);
    const phone = await signInCookie("rita@example.com", STRONG);
    const tablet = await signInCookie("rita@example.com", STRONG);
    const rita = await callerWithCookie(here);
    const [current, ...others] = await rita.account.sessions();
    await expect(rita.account.revokeSession({ sessionId: current!.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const adminSession = (await admin.account.sessions())[0]!;
    await expect(rita.account.revokeSession({ sessionId: adminSession.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await admin.me.get()).role).toBe("admin");

    const phoneId = (await (await callerWithCookie(phone)).account.sessions()).find((s) => s.current)!.id;
    expect(others.map((s) => s.id)).toContain(phoneId);
    await rita.account.revokeSession({ sessionId: phoneId });
    await expect((await callerWithCookie(phone)).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await (await callerWithCookie(tablet)).me.get()).email).toBe("rita@example.com");

    await signInCookie("rita@example.com", STRONG);
    expect(await rita.account.revokeOtherSessions()).toEqual({ signedOut: 2 });
    await expect((await callerWithCookie(tablet)).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await rita.account.sessions()).map((s) => s.id)).toEqual([current!.id]);
  });

  it("needs a session", async () => {
    await expect((await callerWithCookie("")).account.sessions()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
