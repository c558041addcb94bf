import { z } from "zod";
import { prisma } from "../db";

export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  resource: z.string().max(100).optional(),
  actorEmail: z.string().max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

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
