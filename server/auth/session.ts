import { userActor, type Actor } from "./actor";
import { auth } from "./auth";
import { parseRole } from "./roles";

/** The signed-in user for a request's headers, as an actor, or null. */
export async function getSessionActor(headers: Headers): Promise<Actor | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name } = session.user;
  return userActor({ id, email, name, role: parseRole(session.user.role) });
}
