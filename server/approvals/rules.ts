import type pg from "pg";
import { audit } from "../audit/audit";
import type { Actor } from "../auth/actor";
import { approvalRuleBodySchema, approvalRuleUpdateSchema, type ApprovalRuleBody, type ApprovalRuleDefinition } from "../contracts/approvals";
import { isUuid } from "../contracts/ids";
import { pool } from "../db";
import { AppError } from "../errors";
import { RESOURCES } from "../resources/registry";
import { withTransaction } from "../sql/tx";

// Approval rules: admins say which previewed batches need someone else's approval. A rule matches
// a batch when every condition it sets holds (resource, operation, status changed to, more than N
// rows changing, the requester's role, a sensitive field touched); a batch matching several needs
// the most approvers any of them asks for.

export type ApprovalRule = ApprovalRuleDefinition & { id: string; createdAt: string; updatedAt: string };

type Row = {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  resource: string | null;
  operation: ApprovalRuleDefinition["operation"];
  to_status: string | null;
  min_rows: number | null;
  requester_roles: ApprovalRuleDefinition["requesterRoles"];
  sensitive_fields: boolean;
  approvals_needed: number;
  created_at: Date;
  updated_at: Date;
};

const ruleOf = (r: Row): ApprovalRule => ({
  id: r.id,
  name: r.name,
  description: r.description,
  enabled: r.enabled,
  resource: r.resource,
  operation: r.operation,
  toStatus: r.to_status,
  minRows: r.min_rows,
  requesterRoles: r.requester_roles,
  sensitiveFields: r.sensitive_fields,
  approvalsNeeded: r.approvals_needed,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const assertAdmin = (actor: Actor) => {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins set approval rules.");
};

function checkResource(resource: string | null): void {
  if (resource !== null && !RESOURCES.some((r) => r.name === resource)) {
    throw new AppError("BAD_REQUEST", `resource: no resource "${resource}".`, { fields: { resource: [`No resource "${resource}". Resources: ${RESOURCES.map((r) => r.name).join(", ")}.`] } });
  }
}

/** Every rule (everyone may read them: a requester should know why a batch needs approval). */
export async function listApprovalRules(): Promise<ApprovalRule[]> {
  const { rows } = await pool().query<Row>("SELECT * FROM approval_rules ORDER BY lower(name), created_at");
  return rows.map(ruleOf);
}

export async function createApprovalRule(actor: Actor, raw: ApprovalRuleBody): Promise<ApprovalRule> {
  assertAdmin(actor);
  const r = approvalRuleBodySchema.parse(raw);
  checkResource(r.resource);
  return withTransaction(async (client) => {
    const { rows } = await client.query<Row>(
      `INSERT INTO approval_rules (id, name, description, enabled, resource, operation, to_status, min_rows, requester_roles, sensitive_fields, approvals_needed, created_by_id)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [r.name, r.description, r.enabled, r.resource, r.operation, r.toStatus, r.minRows, r.requesterRoles, r.sensitiveFields, r.approvalsNeeded, actor.id],
    );
    const rule = ruleOf(rows[0]!);
    await audit({ actor, action: "approval_rule.create", details: { rule } }, client);
    return rule;
  });
}

export async function updateApprovalRule(actor: Actor, raw: unknown): Promise<ApprovalRule> {
  assertAdmin(actor);
  const { ruleId, ...changes } = approvalRuleUpdateSchema.parse(raw);
  return withTransaction(async (client) => {
    const { rows } = await client.query<Row>("SELECT * FROM approval_rules WHERE id = $1 FOR UPDATE", [ruleId]);
    if (!rows[0]) throw new AppError("NOT_FOUND", "No such approval rule.");
    const { id: _id, createdAt: _c, updatedAt: _u, ...current } = ruleOf(rows[0]);
    const next = approvalRuleBodySchema.parse({ ...current, ...changes });
    checkResource(next.resource);
    const { rows: updated } = await client.query<Row>(
      `UPDATE approval_rules SET name = $2, description = $3, enabled = $4, resource = $5, operation = $6, to_status = $7, min_rows = $8,
         requester_roles = $9, sensitive_fields = $10, approvals_needed = $11, updated_at = now() WHERE id = $1 RETURNING *`,
      [ruleId, next.name, next.description, next.enabled, next.resource, next.operation, next.toStatus, next.minRows, next.requesterRoles, next.sensitiveFields, next.approvalsNeeded],
    );
    const rule = ruleOf(updated[0]!);
    await audit({ actor, action: "approval_rule.update", details: { rule, changed: Object.keys(changes) } }, client);
    return rule;
  });
}

export async function deleteApprovalRule(actor: Actor, ruleId: string): Promise<{ id: string }> {
  assertAdmin(actor);
  if (!isUuid(ruleId)) throw new AppError("NOT_FOUND", "No such approval rule.");
  await withTransaction(async (client) => {
    const { rows } = await client.query<Row>("DELETE FROM approval_rules WHERE id = $1 RETURNING *", [ruleId]);
    if (!rows[0]) throw new AppError("NOT_FOUND", "No such approval rule.");
    await audit({ actor, action: "approval_rule.delete", details: { rule: ruleOf(rows[0]) } }, client);
  });
  return { id: ruleId };
}

/** What of a previewed batch the rules look at. */
export type ApprovalSubject = { resource: string; operation: unknown; willChange: number; fieldsTouched: readonly string[]; plannedRole: string | null };

/** The conditions of a rule (a rule, or one being written). */
export type RuleConditions = { enabled: boolean; resource: string | null; operation: string | null; toStatus: string | null; minRows: number | null; requesterRoles: readonly string[]; sensitiveFields: boolean };

/** Whether `rule` matches `b`: every condition it sets holds. */
export function ruleMatches(rule: RuleConditions, b: ApprovalSubject): boolean {
  if (!rule.enabled) return false;
  const op = (b.operation ?? {}) as { type?: string; to?: string };
  if (rule.resource !== null && rule.resource !== b.resource) return false;
  if (rule.operation !== null && rule.operation !== op.type) return false;
  if (rule.toStatus !== null && !(op.type === "statusChange" && op.to === rule.toStatus)) return false;
  if (rule.minRows !== null && !(b.willChange > rule.minRows)) return false;
  if (rule.requesterRoles.length > 0 && !(b.plannedRole !== null && rule.requesterRoles.includes(b.plannedRole))) return false;
  if (rule.sensitiveFields) {
    const res = RESOURCES.find((r) => r.name === b.resource);
    if (!b.fieldsTouched.some((name) => res?.fields.find((f) => f.name === name)?.sensitive)) return false;
  }
  return true;
}

export type MatchedRules = { rules: { id: string; name: string; approvalsNeeded: number }[]; approvalsNeeded: number };

/** The enabled rules batch `batchId` matches, and the approvers it needs (0: none). */
export async function matchingRules(client: pg.PoolClient | pg.Pool, batchId: string): Promise<MatchedRules> {
  const { rows } = await client.query<{ resource: string; operation: unknown; will_change: number; fields_touched: string[]; planned_role: string | null; kind: string }>(
    "SELECT resource, operation, will_change, fields_touched, planned_role, kind FROM batches WHERE id = $1",
    [batchId],
  );
  const b = rows[0];
  if (!b || b.kind !== "rows") return { rules: [], approvalsNeeded: 0 };
  const { rows: rules } = await client.query<Row>("SELECT * FROM approval_rules WHERE enabled");
  const subject = { resource: b.resource, operation: b.operation, willChange: b.will_change, fieldsTouched: b.fields_touched, plannedRole: b.planned_role };
  const matched = rules.map(ruleOf).filter((r) => ruleMatches(r, subject));
  return { rules: matched.map((r) => ({ id: r.id, name: r.name, approvalsNeeded: r.approvalsNeeded })), approvalsNeeded: Math.max(0, ...matched.map((r) => r.approvalsNeeded)) };
}
