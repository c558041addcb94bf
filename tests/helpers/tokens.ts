import { userActor } from "../../server/auth/actor";
import { parseRole } from "../../server/auth/roles";
import type { ApiScope } from "../../server/contracts/scopes";
import { pool } from "../../server/db";
import { ensureDemoUsers } from "../../server/seed/seed";
import { createToken } from "../../server/tokens/tokens";
import { createContext, createCallerFactory } from "../../server/trpc/init";
import { appRouter } from "../../server/trpc/router";

type Who = "admin" | "operator" | "operator2" | "viewer";

/** The signed-in actor of a demo user (as the console's session would give), read from the database now. */
export async function demoActor(who: Who) {
  await ensureDemoUsers();
  const { rows } = await pool().query<{ id: string; email: string; name: string; role: string }>("SELECT id, email, name, role FROM users WHERE email = $1", [`${who}@batchdesk.local`]);
  const u = rows[0]!;
  return userActor({ id: u.id, email: u.email, name: u.name, role: parseRole(u.role) });
}

/** A new API token of demo user `who` with `scopes`, made through the service as the tokens page does. */
export async function tokenOf(who: Who, scopes: ApiScope[], opts: { name?: string; expiresInDays?: 7 | 30 | 90 | 365 | null } = {}) {
  return createToken(await demoActor(who), { name: opts.name ?? `test ${scopes.join("+")}`, scopes, expiresInDays: opts.expiresInDays ?? 30 });
}

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller that sends `Authorization: Bearer <token>` (and, optionally, a cookie beside it). */
export async function callerWithToken(token: string, cookie?: string) {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  if (cookie) headers.set("cookie", cookie);
  return createCaller(await createContext({ headers }));
}
