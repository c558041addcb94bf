import { beforeAll, describe, expect, it } from "vitest";
import { callerWithCookie, signInCookie } from "../../tests/helpers/accounts";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";

const STRONG = "Velvet-Quarry-Lantern-58";
type Caller = Awaited<ReturnType<typeof callerAs>>;
let ada: Caller;
let adaId: string;

async function enabledAdmins(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT banned`);
  return rows[0]!.n;
}

/** A second admin, signed in; `fresh` callers resolve the actor again, as the next request would. */
async function secondAdmin(email: string): Promise<{ id: string; caller: () => Promise<Caller> }> {
  const { id } = await ada.users.create({ email, name: "Bea Backup", role: "admin", access: { kind: "password", password: STRONG } });
  const cookie = await signInCookie(email, STRONG);
  return { id, caller: () => callerWithCookie(cookie) };
}

beforeAll(async () => {
  ada = await callerAs("admin");
  adaId = (await ada.me.get()).id;
});

describe("the last enabled admin stays", () => {
  it("cannot be demoted, with a message that says what to do", async () => {
    expect(await enabledAdmins()).toBe(1);
    await expect(ada.users.setRole({ userId: adaId, role: "operator" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "admin@batchdesk.local is the last active admin. Make another user an admin first.",
    });
    expect((await ada.me.get()).role).toBe("admin");
  });

  it("is counted without disabled admins: with the only other admin disabled, demoting oneself is refused", async () => {
    const bea = await secondAdmin("bea-disabled@example.com");
    await ada.users.disable({ userId: bea.id });
    await expect(ada.users.setRole({ userId: adaId, role: "viewer" })).rejects.toMatchObject({ code: "CONFLICT" });
    await ada.users.delete({ userId: bea.id });
  });

  it("may step down when another admin remains", async () => {
    const bea = await secondAdmin("bea-stays@example.com");
    await ada.users.setRole({ userId: adaId, role: "operator" });
    expect(await enabledAdmins()).toBe(1);
    await (await bea.caller()).users.setRole({ userId: adaId, role: "admin" });
    await ada.users.setRole({ userId: bea.id, role: "viewer" });
    expect(await enabledAdmins()).toBe(1);
  });
});

describe("two admins acting on each other at the same moment leave one admin", () => {
  for (const [what, act] of [
    ["demote", (c: Caller, userId: string) => c.users.setRole({ userId, role: "operator" })],
    ["disable", (c: Caller, userId: string) => c.users.disable({ userId })],
    ["delete", (c: Caller, userId: string) => c.users.delete({ userId })],
  ] as const) {
    it(`each tries to ${what} the other: exactly one succeeds`, async () => {
      for (let round = 0; round < 4; round++) {
        const bea = await secondAdmin(`bea-${what}-${round}@example.com`);
        const beaNow = await bea.caller();
        const results = await Promise.allSettled([act(ada, bea.id), act(beaNow, adaId)]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const refused = results.find((r) => r.status === "rejected");
        expect(refused?.reason).toMatchObject({ code: expect.stringMatching(/^(CONFLICT|FORBIDDEN|UNAUTHORIZED)$/) });
        expect(await enabledAdmins()).toBe(1);
        // Back to Ada alone as the admin for the next round, whoever won (a deleted Ada is seeded anew).
        await pool().query(`UPDATE users SET role = 'admin', banned = false WHERE email = 'admin@batchdesk.local'`);
        await pool().query(`UPDATE users SET role = 'viewer' WHERE id = $1`, [bea.id]);
        ada = await callerAs("admin");
        adaId = (await ada.me.get()).id;
      }
    });
  }
});
