import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { proceduresOf, type ProcedureInfo } from "../../tests/fuzz/procedures";
import { idsWhere } from "../../tests/helpers/batch";
import { exportFileOf, runExportNow } from "../../tests/helpers/exports";
import { seedRows, userId } from "../../tests/helpers/seed";
import { anonymousCaller, callerAs } from "../../tests/helpers/session";
import { callerWithToken, tokenOf } from "../../tests/helpers/tokens";
import { pool } from "../db";
import { producer } from "../jobs/boss";
import { scopesForRole } from "../auth/policy";
import { expectedOutcome, expectedTokenOutcome, missingRuleHint, PROCEDURE_RULES, type CallerKind, type ExpectedOutcome, type ProcedureRule } from "../auth/procedure-rules";
import { ROLES, type Role } from "../auth/roles";
import type { ApiScope } from "../contracts/scopes";
import { appRouter } from "./router";

// Every procedure × role × own/other, against the one table of rules (server/auth/procedure-rules.ts).
// "own" is a batch, file or rows of the caller; "other" is operator2's. A procedure with no rule fails.
// Then every procedure × an API token of each role holding each scope its role may hold, on the
// owner's own things: the rule's scope decides, then the owner's role as for a session.

type Who = "viewer" | "operator" | "operator2" | "admin";
type Caller = Awaited<ReturnType<typeof callerAs>>;
const CALLERS: CallerKind[] = ["anonymous", "viewer", "operator", "admin"];

/**
 * Inputs for procedures whose subject is nothing owned, where `{}` (a procedure with an input) or no
 * input (one without) would not do.
 */
let throwaways = 0;
/** A user nobody else uses, for the user-management procedures to act on. */
async function throwawayUser(): Promise<string> {
  throwaways += 1;
  const created = await callers.get("admin")!.users.create({ email: `matrix-${throwaways}-${Date.now()}@example.com`, name: "Matrix Throwaway", role: "viewer", access: { kind: "invite" } });
  return created.id;
}

const SAMPLE_INPUTS: Record<string, () => Promise<unknown>> = {
  "users.create": async () => ({ email: `matrix-new-${++throwaways}-${Date.now()}@example.com`, name: "Matrix New", role: "viewer", access: { kind: "invite" } }),
  "users.setRole": async () => ({ userId: await throwawayUser(), role: "operator" }),
  "users.disable": async () => ({ userId: await throwawayUser() }),
  "users.enable": async () => ({ userId: await throwawayUser() }),
  "users.delete": async () => ({ userId: await throwawayUser() }),
  "users.resetPassword": async () => ({ userId: await throwawayUser(), access: { kind: "link" } }),
  // Wrong on purpose: what is checked is who gets as far as the password check.
  "account.changePassword": async () => ({ currentPassword: "not-the-password", newPassword: "Another-long-passphrase-42" }),
  "account.setPasswordWithLink": async () => ({ token: "not-a-real-link-token", password: "Another-long-passphrase-42" }),
  "account.setNotificationPreferences": async () => ({ emailKinds: ["batch_failed"] }),
  "resources.query": async () => ({ resource: "letters" }),
  "resources.count": async () => ({ resource: "letters", selection: {} }),
  // A probe that exists, so what the admin meets is the probe's status, not "no such probe".
  "system.probeStatus": async () => callers.get("admin")!.system.probeWorker(),
  "tokens.create": async () => ({ name: "matrix", scopes: ["read"], expiresInDays: 7 }),
  "webhooks.create": async () => ({ url: "https://hooks.example.com/matrix", events: ["job_completed", "job_failed"] }),
  "templates.create": async () => ({ name: "matrix new", resource: "letters", target: { kind: "idsAtRun" }, operation: { type: "restore" } }),
  // The operator's template: the operator and admins may schedule it (a viewer is refused by role first).
  "schedules.create": async () => {
    const ids = await rowsOf("letters", "operator");
    const t = await callers.get("operator")!.templates.create({ name: "matrix to schedule", resource: "letters", target: { kind: "ids", ids }, operation: { type: "restore" } });
    return { name: "matrix new", templateId: t.id, timing: { frequency: "hourly", time: "00:15", timezone: "Asia/Tokyo" } };
  },
  // Disabled: a rule that matched would make the matrix's own commits wait for approval.
  "approvals.createRule": async () => ({ name: "matrix rule", enabled: false, resource: "orders" }),
  "approvals.updateRule": async () => ({ ruleId: (await callers.get("admin")!.approvals.createRule({ name: "matrix edit", enabled: false })).id, description: "matrix" }),
  "approvals.deleteRule": async () => ({ ruleId: (await callers.get("admin")!.approvals.createRule({ name: "matrix delete", enabled: false })).id }),
  "schedules.previewTiming": async () => ({ timing: { frequency: "daily", time: "06:00", timezone: "Europe/Berlin" } }),
};

/** What a procedure on one row batch needs besides its batchId. */
const BATCH_INPUT_EXTRAS: Record<string, Record<string, unknown>> = { "approvals.decide": { decision: "approve", comment: "matrix" } };

const procedures = proceduresOf(appRouter);
const callers = new Map<CallerKind | "operator2", Caller>();
const owners = new Map<Who, string>();
/** A token caller per role and single scope, e.g. "operator:batches". */
const tokenCallers = new Map<string, Caller>();
const TOKEN_CASES: { role: Role; scope: ApiScope }[] = ROLES.flatMap((role) => scopesForRole(role).map((scope) => ({ role, scope })));

beforeAll(async () => {
  // The matrix starts several hundred batches and exports as subjects; the hourly allowances are not what it tests.
  for (const role of ["ADMIN", "OPERATOR", "VIEWER"]) process.env[`EXPORTS_PER_HOUR_${role}`] = "5000";
  for (const role of ["ADMIN", "OPERATOR"]) process.env[`BATCHES_PER_HOUR_${role}`] = "5000";
  // pg-boss's schema, as every web process installs on start (dashboard and probes read it).
  await producer();
  await seedRows({ letters: 40, mediaFiles: 20 });
  callers.set("anonymous", await anonymousCaller());
  for (const who of ["viewer", "operator", "operator2", "admin"] as const) {
    callers.set(who, await callerAs(who));
    owners.set(who, await userId(who));
  }
  for (const { role, scope } of TOKEN_CASES) tokenCallers.set(`${role}:${scope}`, await callerWithToken((await tokenOf(role, [scope], { name: `matrix ${role} ${scope}` })).token));
}, 60_000);

const rowsOf = (table: string, who: Who) => idsWhere(table, "owner_id = $1", [owners.get(who)!]).then((ids) => ids.slice(0, 2));

/** A fresh thing of `who` for `rule` to act on, as the input that names it; null when `who` cannot own one. */
async function subjectInput(rule: ProcedureRule, p: ProcedureInfo, who: Who): Promise<unknown> {
  const path = p.path;
  const c = callers.get(who)!;
  const s = rule.subject;
  switch (s.on) {
    case "none":
      return SAMPLE_INPUTS[path] ? SAMPLE_INPUTS[path]() : p.input ? {} : undefined;
    case "rows": {
      const ids = await rowsOf(s.resource, who);
      if (!ids.length) return null;
      if (path === "batch.validate") return { resource: s.resource, target: { kind: "ids", ids }, operation: { type: "softDelete", reason: "matrix" } };
      if (path === "exports.create") return { resource: s.resource, target: { kind: "ids", ids }, format: "csv" };
      if (path === "media.fetch") return { target: { kind: "ids", ids } };
      if (path === "resources.history") return { resource: s.resource, id: ids[0] };
      throw new Error(`${path}: the matrix has no input for its "rows" subject; add one in subjectInput`);
    }
    case "batch": {
      if (s.batchKind === "rows") {
        if (who === "viewer") return null;
        const ids = await rowsOf("letters", who);
        const batchId = (await c.batch.validate({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "softDelete", reason: "matrix" } })).id;
        return path === "batch.revertRow" ? { batchId, rowId: ids[0] } : { ...BATCH_INPUT_EXTRAS[path], batchId };
      }
      if (s.batchKind === "export") return { batchId: (await c.exports.create({ resource: "letters", target: { kind: "ids", ids: [1] }, format: "csv" })).id };
      if (who === "viewer") return null;
      return { batchId: (await c.media.fetch({ target: { kind: "ids", ids: await rowsOf("media_files", who) } })).id };
    }
    case "session":
      // The current session: its own owner is refused for what it is (in use), after authorization.
      return { sessionId: (await c.account.sessions()).find((s) => s.current)!.id };
    case "token":
      return { tokenId: (await tokenOf(who, ["read"], { name: "matrix subject" })).id };
    case "webhook": {
      const { id: endpointId } = await c.webhooks.create({ url: "https://hooks.example.com/matrix", events: ["job_completed"] });
      if (path === "webhooks.update") return { endpointId, description: "matrix" };
      if (path !== "webhooks.redeliver") return { endpointId };
      const { rows } = await pool().query<{ id: string }>(
        `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, state) VALUES ($1, 'msg_matrix', 'job_completed', '{}', 'failed') RETURNING id::text AS id`,
        [endpointId],
      );
      return { endpointId, deliveryId: rows[0]!.id };
    }
    case "template": {
      // Viewers run no row operations, so they own no templates.
      if (who === "viewer") return null;
      const ids = await rowsOf("letters", who);
      const t = await c.templates.create({
        name: "matrix",
        resource: "letters",
        target: { kind: "ids", ids },
        operation: { type: "softDelete", reason: "${reason}" },
        parameters: [{ name: "reason", type: "string", default: "matrix" }],
      });
      return { templateId: t.id };
    }
    case "schedule": {
      // Viewers own no templates, so no schedules.
      if (who === "viewer") return null;
      const ids = await rowsOf("letters", who);
      const t = await c.templates.create({ name: "matrix scheduled", resource: "letters", target: { kind: "ids", ids }, operation: { type: "restore" } });
      const sch = await c.schedules.create({ name: "matrix", templateId: t.id, timing: { frequency: "daily", time: "06:00", timezone: "UTC" } });
      if (path === "schedules.update") return { scheduleId: sch.id, name: "matrix renamed" };
      return { scheduleId: sch.id };
    }
    case "notification": {
      const { rows } = await pool().query<{ id: string }>(
        `INSERT INTO notifications (user_id, kind, title, event_key) VALUES ($1, 'batch_completed', 'matrix', 'matrix:' || gen_random_uuid()) RETURNING id::text AS id`,
        [owners.get(who)!],
      );
      return { notificationId: rows[0]!.id };
    }
    case "exportFile": {
      const { id } = await c.exports.create({ resource: "letters", target: { kind: "ids", ids: [1] }, format: "csv" });
      await runExportNow(id);
      return { fileId: (await exportFileOf(id))!.id };
    }
  }
}

/** Calls `path` on `caller` with `input`; a subscription is read up to its first event. */
async function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let fn: unknown = caller;
  for (const part of path.split(".")) fn = (fn as Record<string, unknown>)[part];
  const result: unknown = await (fn as (i: unknown) => Promise<unknown>)(input);
  if (typeof result === "object" && result !== null && Symbol.asyncIterator in result) {
    const it = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    try {
      return await Promise.race([it.next(), new Promise((r) => setTimeout(r, 3_000))]);
    } finally {
      void it.return?.();
    }
  }
  return result;
}

type Observed = { outcome: string; detail: string };

async function observe(caller: Caller, p: ProcedureInfo, input: unknown, rule: ProcedureRule): Promise<Observed> {
  const path = p.path;
  try {
    const result = await call(caller, path, input);
    if (rule.subject.on === "rows" && path === "batch.validate") {
      const preview = (result as { preview: { total: number; invalid: number } }).preview;
      if (preview.total > 0 && preview.invalid === preview.total) return { outcome: "plannedInvalid", detail: "every row planned invalid" };
    }
    return { outcome: "allowed", detail: "succeeded" };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    // A sample its own schema refuses proves nothing; one it accepts, refused by the service's own
    // field checks (a wrong current password, say), got past authorization.
    const sampleValid = !p.input || p.input.safeParse(input).success;
    if (err.cause instanceof ZodError && !sampleValid) return { outcome: "BAD_INPUT", detail: `its sample input was refused (${err.message}); fix SAMPLE_INPUTS` };
    if (err.cause instanceof ZodError) return { outcome: "allowed", detail: `refused by the service: ${err.message}` };
    if (["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "INTERNAL_SERVER_ERROR"].includes(err.code)) return { outcome: err.code, detail: err.message };
    // Refused for what the batch is (state, kind), not for who asked: authorization let it through.
    return { outcome: "allowed", detail: `${err.code}: ${err.message}` };
  }
}

describe("authorization matrix", () => {
  const missingRules = (list: { path: string; type: string }[]) => list.filter((p) => !PROCEDURE_RULES[p.path]).map((p) => missingRuleHint(p.path, p.type));

  it("every procedure of the router has a rule, and every rule a procedure", () => {
    const missing = missingRules(procedures);
    expect(missing, missing.join("\n\n")).toEqual([]);
    const stale = Object.keys(PROCEDURE_RULES).filter((path) => !procedures.some((p) => p.path === path));
    expect(stale, `rules for procedures that no longer exist; remove them from server/auth/procedure-rules.ts`).toEqual([]);
  });

  it("sees what it checks (not vacuous)", () => {
    // A procedure added without a rule is reported with the entry to add.
    const [hint] = missingRules([...procedures, { path: "users.invite", type: "mutation" }]);
    expect(hint).toContain(`"users.invite" (a mutation) has no authorization rule. Add it to PROCEDURE_RULES in server/auth/procedure-rules.ts`);
    expect(procedures.length).toBeGreaterThan(25);
    const rule = PROCEDURE_RULES["batch.pause"]!;
    expect(CALLERS.map((c) => expectedOutcome(rule, c, "other"))).toEqual(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "allowed"]);
    // Tokens: the rule's scope first, then the role; "admin" holds every scope; management never.
    expect(TOKEN_CASES.length).toBe(11);
    expect(["read", "batches", "exports", "admin"].map((s) => expectedTokenOutcome(rule, "operator", [s as ApiScope]))).toEqual(["FORBIDDEN", "allowed", "FORBIDDEN", "allowed"]);
    expect(expectedTokenOutcome(PROCEDURE_RULES["batch.cancel"]!, "viewer", ["exports"])).toBe("allowed");
    expect(expectedTokenOutcome(PROCEDURE_RULES["tokens.create"]!, "admin", ["admin"])).toBe("FORBIDDEN");
  });

  for (const p of procedures) {
    const rule = PROCEDURE_RULES[p.path];
    if (!rule) continue;
    it(`${p.path}: each role, on its own and on another user's`, { timeout: 60_000 }, async () => {
      const table: string[] = [];
      const wrong: string[] = [];
      for (const caller of CALLERS) {
        for (const owner of ["own", "other"] as const) {
          const expected: ExpectedOutcome = expectedOutcome(rule, caller, owner);
          // Whose thing it is: the caller's own (anonymous has none; it uses operator's), or operator2's.
          const who: Who = owner === "other" ? "operator2" : caller === "anonymous" ? "operator" : caller;
          const input = await subjectInput(rule, p, who);
          if (input === null) {
            table.push(`${caller}/${owner}: n/a (a ${who} cannot own one)`);
            continue;
          }
          const seen = await observe(callers.get(caller)!, p, input, rule);
          table.push(`${caller}/${owner}: ${seen.outcome} (${seen.detail})`);
          if (seen.outcome !== expected) wrong.push(`${caller}/${owner}: expected ${expected}, got ${seen.outcome} — ${seen.detail}`);
        }
      }
      expect(wrong, `${p.path}\n${table.join("\n")}`).toEqual([]);
    });

    it(`${p.path}: an API token of each role and scope`, { timeout: 60_000 }, async () => {
      const table: string[] = [];
      const wrong: string[] = [];
      for (const { role, scope } of TOKEN_CASES) {
        const expected = expectedTokenOutcome(rule, role, [scope]);
        const input = await subjectInput(rule, p, role);
        if (input === null) {
          table.push(`${role}+${scope}: n/a (a ${role} cannot own one)`);
          continue;
        }
        const seen = await observe(tokenCallers.get(`${role}:${scope}`)!, p, input, rule);
        table.push(`${role}+${scope}: ${seen.outcome} (${seen.detail})`);
        if (seen.outcome !== expected) wrong.push(`${role}+${scope}: expected ${expected}, got ${seen.outcome} — ${seen.detail}`);
      }
      expect(wrong, `${p.path}\n${table.join("\n")}`).toEqual([]);
    });
  }
});
