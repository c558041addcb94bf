import { logger } from "../logger";
import { pool } from "../db";
import { userActor, type Actor } from "./actor";
import { auth } from "./auth";
import { mayAct } from "./policy";
import { parseRole } from "./roles";

/**
 * The signed-in user for a request's headers, as an actor, or null. A disabled user never gets an
 * actor, whatever their session or token says: disabling deletes their sessions at once, and this
 * check covers any credential that outlives that (an API token, a session made while the disable
 * committed).
 */
export async function getSessionActor(headers: Headers): Promise<Actor | null> {
  const session = await auth.api.getSession({ headers });
  if (!session || !mayAct(session.user)) return null;
  touchSession(session.session.id);
  const { id, email, name } = session.user;
  return userActor({ id, email, name, role: parseRole(session.user.role) });
}

// "Last active" on the account page: at most one write a minute per session, off the request's path.
function touchSession(sessionId: string): void {
  pool()
    .query(`UPDATE sessions SET last_active_at = now() WHERE id = $1 AND last_active_at < now() - interval '1 minute'`, [sessionId])
    .catch((err: unknown) => logger.warn({ err }, "could not record session activity"));
}
