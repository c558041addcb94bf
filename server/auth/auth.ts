import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import { adminAc, userAc } from "better-auth/plugins/admin/access";
import { setting } from "../config";
import { pool, prisma } from "../db";
import { CLIENT_IP_HEADER } from "./client-ip";
import { trustedOrigins } from "./origins";
import { AUTH_COOKIE_PREFIX } from "./cookie";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-limits";
import { authSecret } from "./secret";
import { clearOnSignIn, limitSignInsPerAccount, SIGN_IN_PATH } from "./sign-in-limit";

const appUrl = setting("APP_URL");

/**
 * The admin plugin gives the `banned` / `ban_expires` columns, refuses to make a session for a
 * disabled user (so a disabled user cannot sign in), and the endpoints server/users calls. Our three
 * roles map onto its access control: admins get its admin statements, operators and viewers none, so
 * its permission checks agree with server/auth/policy.ts.
 */
const adminPlugin = admin({
  defaultRole: "viewer",
  adminRoles: ["admin"],
  roles: { admin: adminAc, operator: userAc, viewer: userAc },
  bannedUserMessage: "This account is disabled. Ask an administrator to enable it.",
});

/**
 * Endpoints a browser may not call directly: everything that changes an account goes through the
 * console's own procedures (server/users, server/account), which check the policy, the password rule
 * and the last-admin rule and write the audit log; their work is done there by calling these same
 * endpoints on the server (auth.api), which this list does not affect. Left open: sign-in, sign-out,
 * get-session.
 */
const SERVER_ONLY_PATHS = [
  ...Object.values(adminPlugin.endpoints).map((e) => e.path),
  "/sign-up/email",
  "/change-password",
  "/set-password",
  "/update-user",
  "/delete-user",
  "/change-email",
  "/reset-password",
  "/request-password-reset",
  "/verify-password",
  "/list-sessions",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/send-verification-email",
  "/verify-email",
  "/list-accounts",
  "/unlink-account",
];

/**
 * better-auth: email + password sign-in, database sessions in HttpOnly SameSite=Lax cookies.
 * Accounts are created by admins, `npm run create-admin` and the demo seed, never by public sign-up.
 */
export const auth = betterAuth({
  baseURL: appUrl,
  secret: authSecret(),
  trustedOrigins: trustedOrigins(appUrl, setting("TRUSTED_ORIGINS")),
  database: prismaAdapter(prisma, { provider: "postgresql" }),
  disabledPaths: SERVER_ONLY_PATHS,
  emailAndPassword: {
    enabled: true,
    disableSignUp: true,
    minPasswordLength: PASSWORD_MIN_LENGTH,
    maxPasswordLength: PASSWORD_MAX_LENGTH,
    // A set-password link (invite or reset) ends every session the account had.
    revokeSessionsOnPasswordReset: true,
  },
  user: {
    additionalFields: {
      role: { type: "string", required: true, defaultValue: "viewer", input: false },
    },
  },
  session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
  databaseHooks: {
    session: {
      create: {
        // "Last sign-in" on the users page outlives the session itself.
        after: async (session) => {
          await pool().query(`UPDATE users SET last_sign_in_at = now() WHERE id = $1`, [session.userId]);
        },
      },
    },
  },
  hooks: { before: limitSignInsPerAccount, after: clearOnSignIn },
  rateLimit: {
    enabled: setting("AUTH_RATE_LIMIT"),
    window: 60,
    max: 100,
    // Counted in PostgreSQL (rate_limits), so every web process shares one count per client IP.
    storage: "database",
    // Per client IP; tests raise the sign-in limit. The per-address limit is sign-in-limit.ts.
    customRules: { [SIGN_IN_PATH]: { window: 60, max: setting("AUTH_SIGNIN_PER_MINUTE") } },
  },
  advanced: {
    cookiePrefix: AUTH_COOKIE_PREFIX,
    defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    // The client's address comes only from the header our web server (server/web/main.ts) writes from
    // the socket, or from X-Forwarded-For past TRUSTED_PROXIES; what a client sends in it is replaced.
    ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
  },
  plugins: [adminPlugin, nextCookies()],
});
