import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { runTemplate } from "../templates/start-run";
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from "../templates/store";
import { definitionFromSeed, invalidTemplate, runBodySchema, seedTemplateOf, type deleteTemplateOutput, type listTemplatesOutput, type runTemplateOutput, type templateOutput } from "./batch-templates-io";

// Seed 003's batch templates (`/api/v1/batch/templates`…) over server/templates: the same store,
// owners, versions, policy and audit as the console's procedures, in the seed's shapes.

type One = z.output<typeof templateOutput>;

export async function listSeedTemplates(actor: Actor): Promise<z.output<typeof listTemplatesOutput>> {
  return { data: { templates: (await listTemplates(actor)).map(seedTemplateOf) } };
}

export async function getSeedTemplate(actor: Actor, id: string): Promise<One> {
  return { data: seedTemplateOf(await getTemplate(actor, id)) };
}

export async function createSeedTemplate(actor: Actor, body: unknown): Promise<One> {
  return { data: seedTemplateOf(await createTemplate(actor, definitionFromSeed(body))) };
}

/** A PUT replaces the whole template, as the next version. */
export async function replaceSeedTemplate(actor: Actor, id: string, body: unknown): Promise<One> {
  return { data: seedTemplateOf(await updateTemplate(actor, { templateId: id, ...definitionFromSeed(body) })) };
}

export async function deleteSeedTemplate(actor: Actor, id: string): Promise<z.output<typeof deleteTemplateOutput>> {
  return { data: await deleteTemplate(actor, id) };
}

/** The run's parameter problems are the body's `parameters.<name>`. */
function asSeedParams(err: unknown): unknown {
  if (!(err instanceof AppError) || err.code !== "BAD_REQUEST") return err;
  const fields = err.details?.fields as Record<string, string[]> | undefined;
  if (!fields) return err;
  return invalidTemplate(
    Object.entries(fields).flatMap(([field, messages]) =>
      messages.map((message) => ({ field: field.replace(/^params\./, "parameters."), code: field.startsWith("params.") ? "INVALID_PARAMETER" : "INVALID_FIELD", message })),
    ),
  );
}

export async function runSeedTemplate(actor: Actor, id: string, body: unknown): Promise<z.output<typeof runTemplateOutput>> {
  const parsed = runBodySchema.safeParse(body ?? {});
  if (!parsed.success) throw invalidTemplate(parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", code: "INVALID_FIELD", message: i.message })));
  const run = await runTemplate(actor, { templateId: id, params: parsed.data.parameters, ids: parsed.data.ids, version: parsed.data.version }, { via: "api" }).catch((err: unknown) =>
    Promise.reject(asSeedParams(err)),
  );
  const p = run.batch.preview;
  return {
    data: {
      template_id: run.templateId,
      template_version: run.templateVersion,
      batch_id: run.batch.id,
      status: run.batch.state,
      preview: { total: p.total, will_change: p.willChange, unchanged: p.unchanged, invalid: p.invalid },
    },
  };
}
