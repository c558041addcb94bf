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
  const tokenNames = await namesOfTokens(rows.map((r) => r.actorVia));
  return {
    entries: rows.map((r) => ({
      ...r,
      id: Number(r.id),
      details: r.details as Record<string, unknown>,
      /** The API token a row was done with, by name (null: not a token, or its owner was deleted since). */
      token: tokenOf(r.actorVia, tokenNames),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

const TOKEN_VIA = /^token:(.+)$/;

function tokenOf(via: string | null, names: Map<string, { name: string; prefix: string }>): { id: string; name: string | null; prefix: string | null } | null {
  const id = via ? TOKEN_VIA.exec(via)?.[1] : undefined;
  if (!id) return null;
  const t = names.get(id);
  return { id, name: t?.name ?? null, prefix: t?.prefix ?? null };
}

// Audit rows name a token by id (actor_via); its name is looked up for the page. Revoked tokens are
// kept, so the name outlives them.
async function namesOfTokens(vias: (string | null)[]): Promise<Map<string, { name: string; prefix: string }>> {
  const ids = [...new Set(vias.map((v) => (v ? TOKEN_VIA.exec(v)?.[1] : undefined)).filter((id): id is string => Boolean(id)))];
  if (!ids.length) return new Map();
  const tokens = await prisma.apiToken.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, prefix: true } });
  return new Map(tokens.map((t) => [t.id, { name: t.name, prefix: t.prefix }]));
}
