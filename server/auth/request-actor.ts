import type { RateClass } from "../http/rate-classes";
import type { RateLimitResult } from "../http/rate-limit";
import { tokenActor, tokenActorCounted } from "../tokens/resolve";
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

/** Who sends a request, and what an API token's request left of its budget when it was counted. */
export type CountedActor = { actor: Actor | null; limit: RateLimitResult | null };

/**
 * requestActor for an edge that counts requests in `rateClass`: an API token's request is counted
 * in the statement that reads the token (tokenActorCounted; AppError TOO_MANY_REQUESTS past its
 * budget). A session's is not (`limit` null): the edge counts it after its rules are checked.
 */
export async function requestActorCounted(headers: Headers, rateClass: RateClass): Promise<CountedActor> {
  const token = bearerToken(headers);
  if (token === null) return { actor: await getSessionActor(headers), limit: null };
  const counted = await tokenActorCounted(token, headers.get(CLIENT_IP_HEADER), rateClass);
  return counted ?? { actor: null, limit: null };
}
