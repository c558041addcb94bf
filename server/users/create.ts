import type { Actor } from "../auth/actor";
import { auth } from "../auth/auth";
import { assertMayManageUsers } from "../auth/policy";
import { auditedAuthChange } from "./audited-change";
import { callAuth } from "./auth-call";
import { createPasswordLink, INVITE_LINK_HOURS, type PasswordLink } from "./password-links";
import { assertStrongPassword } from "./password-rule";
import type { CreateUserInput } from "./schemas";

/** Who creates a user: an admin in the console (with their request's headers), or the first-admin setup. */
export type Creator = { actor: Actor; headers: Headers } | { setup: "create-admin" | "BATCHDESK_ADMIN_EMAIL" };

/**
 * Creates a user through better-auth's admin plugin: with the password the admin chose (the strength
 * rule applies), or invited, with no password and a one-time set-password link to hand over. The
 * user, the link and the audit row commit together (auditedAuthChange).
 */
export async function createUser(by: Creator, input: CreateUserInput): Promise<{ id: string; link: PasswordLink | null }> {
  if ("actor" in by) assertMayManageUsers(by.actor);
  const password = input.access.kind === "password" ? input.access.password : undefined;
  if (password !== undefined) assertStrongPassword(password, [input.email, input.name]);
  const { user, link } = await auditedAuthChange(
    async () => {
      const { user } = await callAuth(() =>
        auth.api.createUser({
          // Without headers the plugin acts as the server itself (first-admin setup); with them, as that admin.
          ...("actor" in by ? { headers: by.headers } : {}),
          body: { email: input.email, name: input.name, role: input.role, password },
        }),
      );
      return { user, link: password === undefined ? await createPasswordLink(user.id, INVITE_LINK_HOURS) : null };
    },
    ({ user, link }) => ({
      actor: "actor" in by ? by.actor : null,
      action: link ? "user.invite" : "user.create",
      resource: "users",
      details: { userId: user.id, email: user.email, role: input.role, ...("setup" in by ? { via: by.setup } : {}) },
    }),
  );
  return { id: user.id, link };
}
