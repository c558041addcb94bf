import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { prisma } from "../db";
import type { Role } from "../auth/roles";

export type NewUser = { email: string; name: string; role: Role; password: string };

/**
 * Creates a user with an email + password credential that better-auth signs in
 * (same hash, same `credential` account layout). Existing emails are left untouched.
 */
export async function createUserWithPassword(input: NewUser): Promise<{ id: string; created: boolean }> {
  const email = input.email.toLowerCase();
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) return { id: existing.id, created: false };
  const id = crypto.randomUUID();
  const password = await hashPassword(input.password);
  await prisma.user.create({
    data: {
      id,
      email,
      name: input.name,
      role: input.role,
      emailVerified: true,
      accounts: { create: { id: crypto.randomUUID(), accountId: id, providerId: "credential", password } },
    },
  });
  return { id, created: true };
}
