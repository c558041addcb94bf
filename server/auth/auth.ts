import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { setting } from "../config";
import { prisma } from "../db";
import { AUTH_COOKIE_PREFIX } from "./cookie";

const appUrl = setting("APP_URL");

function trustedOrigins(): string[] {
  const url = new URL(appUrl);
  // The same app is reached as localhost and 127.0.0.1 on developer machines and in tests.
  const alt = new URL(appUrl);
  alt.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
  return [url.origin, alt.origin, ...setting("TRUSTED_ORIGINS")];
}

/**
 * better-auth: email + password sign-in, database sessions in HttpOnly SameSite=Lax cookies.
 * Accounts are created by admins and the seed, never by public sign-up.
 */
export const auth = betterAuth({
  baseURL: appUrl,
  secret: setting("BETTER_AUTH_SECRET"),
  trustedOrigins: trustedOrigins(),
  database: prismaAdapter(prisma, { provider: "postgresql" }),
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  user: {
    additionalFields: {
      role: { type: "string", required: true, defaultValue: "viewer", input: false },
    },
  },
  session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
  rateLimit: {
    enabled: setting("AUTH_RATE_LIMIT"),
    window: 60,
    max: 100,
    // Per client IP (from the proxy's header when there is one); tests raise the sign-in limit.
    customRules: { "/sign-in/email": { window: 60, max: setting("AUTH_SIGNIN_PER_MINUTE") } },
  },
  advanced: {
    cookiePrefix: AUTH_COOKIE_PREFIX,
    defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    // The sign-in limit is per client IP. Behind reverse proxies, list them in TRUSTED_PROXIES so
    // the client's address is read past them; a header with several addresses and no trusted
    // proxies is not believed (a client could otherwise pick a fresh address for every attempt).
    ipAddress: { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: trustedProxies() },
  },
  plugins: [nextCookies()],
});

function trustedProxies(): string[] | undefined {
  const list = setting("TRUSTED_PROXIES");
  return list.length ? [...list] : undefined;
}
