import { z } from "zod";
import { ROLES } from "../../auth/roles";

export const healthOutput = z
  .strictObject({
    status: z.enum(["ok", "degraded", "down"]),
    database: z.strictObject({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() }),
    migrations: z.strictObject({ ok: z.boolean(), pending: z.number().int().meta({ description: "Migrations not applied yet." }) }),
    worker: z.strictObject({ ok: z.boolean(), alive: z.number().int(), lastSeenAt: z.string().nullable() }),
    queue: z.strictObject({ ok: z.boolean(), queued: z.number().int(), active: z.number().int() }),
  })
  .meta({ id: "Health" });

export const meOutput = z
  .strictObject({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), kind: z.enum(["user", "token", "system"]) })
  .meta({ id: "Me" });
