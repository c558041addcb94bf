import { getCurrentDBAdapterAsyncLocalStorage } from "@better-auth/core/context";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { auditStatement, type AuditEntry } from "../audit/audit";
import { auth } from "../auth/auth";
import { setting } from "../config";
import { prisma } from "../db";
import type { PrismaClient } from "../generated/prisma/client";

/**
 * Runs an account change made by better-auth's endpoints (auth.api.*: the admin plugin, password
 * links) and the audit row saying who made it in ONE database transaction, so neither commits
 * without the other: a crash, a lost connection or a failing audit insert after the change can no
 * longer leave a role changed, a user disabled or a password reset with no trace of who did it.
 *
 * Why this design: better-auth writes through its Prisma adapter on connections of its own, so the
 * audit row cannot simply share a transaction of ours. But its endpoints look their adapter up in an
 * AsyncLocalStorage first (the same hook its own `runWithTransaction` uses, which the admin plugin's
 * createUser relies on): we open a Prisma interactive transaction, put an adapter over that
 * transaction's client into the store, run the endpoint, then append the audit row on the same
 * transaction client. A write-ahead "pending" audit row was the alternative, but audit_logs is
 * append-only, so settling it would need a second row per change and a reader that pairs them.
 * Hooks better-auth queues for after the commit run once it committed, as its own transactions do.
 */
export async function auditedAuthChange<T>(change: () => Promise<T>, entry: (result: T) => AuditEntry): Promise<T> {
  const ctx = await auth.$context;
  const store = await getCurrentDBAdapterAsyncLocalStorage();
  const pendingHooks: (() => Promise<void>)[] = [];
  const result = await prisma.$transaction(
    async (tx) => {
      const adapter = prismaAdapter(tx as unknown as PrismaClient, { provider: "postgresql" })(ctx.options);
      const done = await store.run({ adapter, pendingHooks, isTransactionActive: true }, change);
      const { sql, params } = auditStatement(entry(done));
      await tx.$executeRawUnsafe(sql, ...params);
      return done;
    },
    // Password hashing (scrypt) runs inside; waiting for a connection is bounded like every query's.
    { maxWait: setting("DB_CONNECT_TIMEOUT_MS"), timeout: 30_000 },
  );
  for (const hook of pendingHooks) await hook();
  return result;
}
