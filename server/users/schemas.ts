import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "../auth/password-limits";
import { roleSchema } from "../auth/roles";

// Inputs of the users and account procedures. Strict and bounded: an unknown key or an oversized value
// is refused, never dropped. Password strength is not a schema rule (it needs the user's name and
// email), so services check it with the same function the browser shows.

const userId = z.string().min(1).max(100);
const email = z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address, like name@example.com."));
const name = z.string().trim().min(1, "Enter a name.").max(200);
const password = z.string().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const createUserSchema = z.strictObject({
  email,
  name,
  role: roleSchema,
  // "password": the admin sets the first password; "invite": no password, a one-time set-password link instead.
  access: z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("password"), password }), z.strictObject({ kind: z.literal("invite") })]),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const setRoleSchema = z.strictObject({ userId, role: roleSchema });
export const userRefSchema = z.strictObject({ userId });
export const disableUserSchema = z.strictObject({ userId, reason: z.string().trim().max(500).optional() });
export const resetPasswordSchema = z.strictObject({
  userId,
  access: z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("password"), password }), z.strictObject({ kind: z.literal("link") })]),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: password.min(1, "Enter your current password."),
  newPassword: password,
  signOutOtherSessions: z.boolean().default(true),
});
export const sessionRefSchema = z.strictObject({ sessionId: z.string().min(1).max(100) });
export const passwordLinkSchema = z.strictObject({ token: z.string().min(1).max(200), password });
