import { auth } from "./auth";
import { parseRole, type Role } from "./roles";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/** The signed-in user for a request's headers, or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name } = session.user;
  return { id, email, name, role: parseRole(session.user.role) };
}
