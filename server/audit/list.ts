import type { z } from "zod";
import { auditQuerySchema } from "../contracts/queries";
import { prisma } from "../db";

/** The audit log, newest first, filtered by action, resource or actor. */
export async function listAudit(input: z.input<typeof auditQuerySchema>) {
  const q = auditQuerySchema.parse(input);
  const where = {
    ...(q.action ? { action: q.action } : {}),
    ...(q.resource ? { resource: q.resource } : {}),
    ...(q.actorEmail ? { actorEmail: { contains: q.actorEmail, mode: "insensitive" as const } } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    prisma.auditLog.count({ where }),
  ]);
  return {
    entries: rows.map((r) => ({ ...r, id: Number(r.id), details: r.details as Record<string, unknown> })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
