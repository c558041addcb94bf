import { tokenActor } from "../tokens/resolve";
import type { Actor } from "./actor";
import { bearerToken } from "./bearer";
import { CLIENT_IP_HEADER } from "./client-ip";
import { getSessionActor } from "./session";

/**
 * Who sends a request, for every entry point (route handlers, tRPC, the REST layer): an API token's
 * owner when there is an `Authorization: Bearer` header, else the session cookie's user, else null.
 *
 * A request carrying both is answered as the token alone: the cookie is not looked at, and a bad
 * token is 401 even beside a valid cookie (never a fallback to the session). The console's API
 * reference page sends a token from a page that also holds the session cookie, so refusing the pair
 * would break it; and since the cookie grants nothing then, such a request is no CSRF risk either
 * (server/http/origin.ts).
 */
export async function requestActor(headers: Headers): Promise<Actor | null> {
  const token = bearerToken(headers);
  if (token !== null) return tokenActor(token, headers.get(CLIENT_IP_HEADER));
  return getSessionActor(headers);
}
