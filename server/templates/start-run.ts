import type pg from "pg";
import type { Actor } from "../auth/actor";
import type { BatchSummary } from "../batches/read";
import { templateRunSchema, type TemplateRunInput } from "../contracts/templates";
import { validateBatch } from "../row-batches/validate";
import { batchInputOf, resolveParams } from "./params";
import { getTemplate } from "./store";

export type TemplateRun = { templateId: string; templateVersion: number; batch: BatchSummary };

/**
 * Runs a template: its parameters checked (field errors before anything is planned), put into its
 * target and operation, and the result dry-run as a normal batch linked to the template version —
 * previewed, to be committed like any other. Runs the newest version unless one is named.
 */
export async function runTemplate(
  actor: Actor,
  raw: TemplateRunInput,
  via: Record<string, unknown> = {},
  alsoInTransaction?: (client: pg.PoolClient, batchId: string) => Promise<void>,
): Promise<TemplateRun> {
  const input = templateRunSchema.parse(raw);
  const t = await getTemplate(actor, input.templateId, input.version);
  const values = resolveParams(t.parameters, input.params);
  const batchInput = batchInputOf(t, values, input.ids);
  const batch = await validateBatch(actor, batchInput, {
    template: { id: t.id, version: t.version },
    audit: { action: "template.run", details: { templateId: t.id, version: t.version, name: t.name, params: Object.fromEntries(values), ...via } },
    alsoInTransaction,
  });
  return { templateId: t.id, templateVersion: t.version, batch };
}
