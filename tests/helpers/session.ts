import type { Role } from "../../server/auth/roles";
import { auth } from "../../server/auth/auth";
import { DEMO_USERS } from "../../server/seed/demo-users";
import { ensureDemoUsers } from "../../server/seed/seed";
import { createContext, createCallerFactory } from "../../server/trpc/init";
import { appRouter } from "../../server/trpc/router";

const createCaller = createCallerFactory(appRouter);

/** Signs in a seeded demo user through better-auth and returns the session cookie header. */
export async function sessionCookie(email: string, password: string): Promise<string> {
  const res = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A tRPC caller acting as the demo user of `role` (or `operator2`), with a real session. */
export async function callerAs(who: Role | "operator2") {
  await ensureDemoUsers();
  const user = DEMO_USERS.find((u) => (who === "operator2" ? u.email.startsWith("operator2") : u.role === who && !u.email.startsWith("operator2")))!;
  const headers = new Headers({ cookie: await sessionCookie(user.email, user.password) });
  return createCaller(await createContext({ headers }));
}

/** A caller with no session. */
export async function anonymousCaller() {
  return createCaller(await createContext({ headers: new Headers() }));
}
