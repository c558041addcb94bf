import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { assertMayRun } from "../auth/policy";
import { templateBodySchema, templateUpdateSchema, type TemplateBody, type TemplateDefinition } from "../contracts/templates";
import type { z } from "zod";
import { pool } from "../db";
import { isUuid } from "../contracts/ids";
import { AppError } from "../errors";
import { getResource } from "../resources/registry";
import { withTransaction } from "../sql/tx";
import { checkTemplate } from "./params";

// Templates and their versions. A template is seen, run, edited and deleted by its owner and by
// admins; to anyone else it does not exist (NOT_FOUND). An edit never changes a version: it adds
// the next one, so a batch (or a schedule) that names a version keeps what it ran.

export type TemplateRecord = TemplateDefinition & {
  id: string;
  ownerId: string;
  ownerEmail: string;
  version: number;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

type Row = {
  id: string;
  owner_id: string;
  owner_email: string;
  current_version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  version: number;
  name: string;
  description: string | null;
  resource: string;
  target: TemplateDefinition["target"];
  operation: TemplateDefinition["operation"];
  options: TemplateDefinition["options"];
  parameters: TemplateDefinition["parameters"];
};

const SELECT = `SELECT t.id, t.owner_id, u.email AS owner_email, t.current_version, t.created_at, t.updated_at, t.deleted_at,
    v.version, v.name, v.description, v.resource, v.target, v.operation, v.options, v.parameters
  FROM batch_templates t JOIN users u ON u.id = t.owner_id JOIN batch_template_versions v ON v.template_id = t.id`;

function recordOf(r: Row): TemplateRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ownerEmail: r.owner_email,
    version: r.version,
    currentVersion: r.current_version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: r.deleted_at?.toISOString() ?? null,
    name: r.name,
    ...(r.description !== null ? { description: r.description } : {}),
    resource: r.resource,
    target: r.target,
    operation: r.operation,
    options: r.options,
    parameters: r.parameters,
  };
}

const seesAll = (actor: Actor) => actor.role === "admin";
const notFound = () => new AppError("NOT_FOUND", "No such template (or it is not yours).");
/** An id that is no uuid names no template (rather than a database error). */
function assertId(id: string): void {
  if (!isUuid(id)) throw notFound();
}

/** Templates the actor may see (its own; an admin's every one), newest version, recently changed first. */
export async function listTemplates(actor: Actor): Promise<TemplateRecord[]> {
  const { rows } = await pool().query<Row>(
    `${SELECT} WHERE v.version = t.current_version AND t.deleted_at IS NULL AND ($1 OR t.owner_id = $2) ORDER BY t.updated_at DESC, t.id LIMIT 500`,
    [seesAll(actor), actor.id],
  );
  return rows.map(recordOf);
}

/** One template at `version` (its newest by default); NOT_FOUND unless the actor may see it. */
export async function getTemplate(actor: Actor, id: string, version?: number, client: pg.PoolClient | pg.Pool = pool()): Promise<TemplateRecord> {
  assertId(id);
  const { rows } = await client.query<Row>(
    `${SELECT} WHERE t.id = $1 AND v.version = COALESCE($2, t.current_version) AND t.deleted_at IS NULL AND ($3 OR t.owner_id = $4)`,
    [id, version ?? null, seesAll(actor), actor.id],
  );
  if (!rows[0]) {
    if (version !== undefined) await getTemplate(actor, id, undefined, client);
    throw version !== undefined ? new AppError("NOT_FOUND", `This template has no version ${version}.`) : notFound();
  }
  return recordOf(rows[0]);
}

/** The versions of a template the actor may see, newest first (name and when). */
export async function templateVersions(actor: Actor, id: string): Promise<{ version: number; name: string; createdAt: string; createdBy: string }[]> {
  await getTemplate(actor, id);
  const { rows } = await pool().query<{ version: number; name: string; created_at: Date; email: string }>(
    `SELECT v.version, v.name, v.created_at, u.email FROM batch_template_versions v JOIN users u ON u.id = v.created_by_id WHERE v.template_id = $1 ORDER BY v.version DESC`,
    [id],
  );
  return rows.map((r) => ({ version: r.version, name: r.name, createdAt: r.created_at.toISOString(), createdBy: r.email }));
}

/** Shape, placeholders, and the role's right to run its operation on its resource (viewers run no row operations). */
function checked(actor: Actor, body: unknown): TemplateDefinition {
  const t = templateBodySchema.parse(body);
  assertMayRun(actor, getResource(t.resource), t.operation.type);
  checkTemplate(t);
  return t;
}

async function insertVersion(client: pg.PoolClient, actor: Actor, id: string, version: number, t: TemplateDefinition): Promise<void> {
  await client.query(
    `INSERT INTO batch_template_versions (template_id, version, name, description, resource, target, operation, options, parameters, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [id, version, t.name, t.description ?? null, t.resource, JSON.stringify(t.target), JSON.stringify(t.operation), JSON.stringify(t.options), JSON.stringify(t.parameters), actor.id],
  );
}

const auditDetails = (t: TemplateDefinition, version: number) => ({ name: t.name, version, operation: t.operation.type, target: t.target.kind, parameters: t.parameters.map((p) => p.name) });

/** A new template at version 1, owned by the actor. */
export async function createTemplate(actor: Actor, body: TemplateBody, action = "template.create", extra: Record<string, unknown> = {}): Promise<TemplateRecord> {
  const t = checked(actor, body);
  const id = await withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(`INSERT INTO batch_templates (id, owner_id, current_version) VALUES (gen_random_uuid(), $1, 1) RETURNING id`, [actor.id]);
    const created = rows[0]!.id;
    await insertVersion(client, actor, created, 1, t);
    await audit({ actor, action, resource: t.resource, details: { templateId: created, ...auditDetails(t, 1), ...extra } }, client);
    return created;
  });
  return getTemplate(actor, id);
}

const definitionOf = (r: TemplateRecord): TemplateDefinition => ({
  name: r.name,
  ...(r.description !== undefined ? { description: r.description } : {}),
  resource: r.resource,
  target: r.target,
  operation: r.operation,
  options: r.options,
  parameters: r.parameters,
});

/** An edit: the given parts replace the newest version's, as the next version. */
export async function updateTemplate(actor: Actor, input: z.input<typeof templateUpdateSchema>): Promise<TemplateRecord> {
  const { templateId, ...patch } = templateUpdateSchema.parse(input);
  assertId(templateId);
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  await withTransaction(async (client) => {
    // Locked, so two edits at once make two versions one after the other, not the same number twice.
    const locked = await client.query(`SELECT 1 FROM batch_templates WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [templateId]);
    if (!locked.rowCount) throw notFound();
    const current = await getTemplate(actor, templateId, undefined, client);
    if (Object.keys(given).length === 0) throw new AppError("BAD_REQUEST", "Nothing to change: give the parts of the template to replace.");
    const t = checked(actor, { ...definitionOf(current), ...given });
    const version = current.currentVersion + 1;
    await insertVersion(client, actor, templateId, version, t);
    await client.query(`UPDATE batch_templates SET current_version = $2, updated_at = now() WHERE id = $1`, [templateId, version]);
    await audit({ actor, action: "template.update", resource: t.resource, details: { templateId, ...auditDetails(t, version), changed: Object.keys(given) } }, client);
  });
  return getTemplate(actor, templateId);
}

/** A copy of a template's newest version as a new template of the actor's. */
export async function duplicateTemplate(actor: Actor, templateId: string): Promise<TemplateRecord> {
  const source = await getTemplate(actor, templateId);
  const name = `Copy of ${source.name}`.slice(0, 100);
  return createTemplate(actor, { ...definitionOf(source), name }, "template.duplicate", { from: { templateId, version: source.version } });
}

/** Out of every list and no longer runnable; kept for the batches that link to it. */
export async function deleteTemplate(actor: Actor, templateId: string): Promise<{ id: string; deleted: true }> {
  const t = await getTemplate(actor, templateId);
  await withTransaction(async (client) => {
    const { rowCount } = await client.query(`UPDATE batch_templates SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [templateId]);
    if (!rowCount) throw notFound();
    await audit({ actor, action: "template.delete", resource: t.resource, details: { templateId, name: t.name, version: t.currentVersion } }, client);
  });
  return { id: templateId, deleted: true };
}
