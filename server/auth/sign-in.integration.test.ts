import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { anonymousCaller, callerAs, sessionCookie } from "../../tests/helpers/session";
import { ensureDemoUsers } from "../seed/seed";
import { auth } from "./auth";

describe("sign-in and roles", () => {
  it.each(["admin", "operator", "viewer"] as const)("a %s signs in and the session carries the role", async (role) => {
    const caller = await callerAs(role);
    const me = await caller.me.get();
    expect(me.role).toBe(role);
    expect(me.email).toBe(`${role}@batchdesk.local`);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    await ensureDemoUsers();
    const res = await auth.api.signInEmail({
      body: { email: "admin@batchdesk.local", password: "batchdesk-admin" },
      asResponse: true,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("batchdesk.session_token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("rejects a wrong password with 401 and no session", async () => {
    await ensureDemoUsers();
    const res = await auth.api.signInEmail({
      body: { email: "admin@batchdesk.local", password: "wrong-password" },
      asResponse: true,
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("batchdesk.session_token=") && !c.includes("Max-Age=0"))).toBe(false);
    await expect(sessionCookie("nobody@batchdesk.local", "whatever-123")).rejects.toThrow(/401/);
  });

  it("refuses public sign-up", async () => {
    const res = await auth.api.signUpEmail({
      body: { email: "new@batchdesk.local", password: "long-enough-1", name: "New" },
      asResponse: true,
    });
    expect(res.status).toBe(400);
  });

  it("keeps every account-changing endpoint off HTTP, even for an admin: the console's procedures are the only way", async () => {
    await ensureDemoUsers();
    const cookie = await sessionCookie("admin@batchdesk.local", "batchdesk-admin");
    const origin = new URL(auth.options.baseURL!).origin;
    const post = (path: string, body: unknown) =>
      auth.handler(new Request(`${origin}/api/auth${path}`, { method: "POST", headers: { cookie, origin, "content-type": "application/json" }, body: JSON.stringify(body) }));
    const { id } = (await auth.api.getSession({ headers: new Headers({ cookie }) }))!.user;
    for (const [path, body] of [
      ["/admin/set-role", { userId: id, role: "viewer" }],
      ["/admin/ban-user", { userId: id }],
      ["/admin/create-user", { email: "sneaky@example.com", password: "Velvet-Quarry-Lantern-58", name: "S", role: "admin" }],
      ["/change-password", { currentPassword: "batchdesk-admin", newPassword: "x" }],
      ["/revoke-other-sessions", {}],
    ] as const) {
      expect({ path, status: (await post(path, body)).status }).toEqual({ path, status: 404 });
    }
    const me = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(me?.user).toMatchObject({ role: "admin", banned: false });
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const caller = await anonymousCaller();
    await expect(caller.me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers FORBIDDEN to a signed-in user without the role", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const caller = await callerAs(role);
      const err = await caller.system.probeWorker().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe("FORBIDDEN");
    }
  });
});
