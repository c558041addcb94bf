import { auth } from "../../server/auth/auth";
import { CLIENT_IP_HEADER } from "../../server/auth/client-ip";
import { createCallerFactory, createContext } from "../../server/trpc/init";
import { appRouter } from "../../server/trpc/router";

const createCaller = createCallerFactory(appRouter);

/** Signs in through better-auth (optionally as a browser with a user agent and an address) and returns the cookie header. */
export async function signInCookie(email: string, password: string, client: { userAgent?: string; ip?: string } = {}): Promise<string> {
  const headers = new Headers();
  if (client.userAgent) headers.set("user-agent", client.userAgent);
  if (client.ip) headers.set(CLIENT_IP_HEADER, client.ip);
  const res = await auth.api.signInEmail({ body: { email, password }, headers, asResponse: true });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A caller for one request made with `cookie`: its actor is resolved now, as on every real request. */
export async function callerWithCookie(cookie: string) {
  return createCaller(await createContext({ headers: new Headers({ cookie }) }));
}

/** The sign-in status better-auth answers for these credentials (200, 401, 403 disabled, 429). */
export async function signInStatus(email: string, password: string): Promise<number> {
  const res = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  return res.status;
}
