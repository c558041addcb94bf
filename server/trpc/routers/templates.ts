import { byTemplateIdSchema, templateBodySchema, templateFromBatchSchema, templateGetSchema, templateRunSchema, templateUpdateSchema } from "../../contracts/templates";
import { templateFromBatch } from "../../templates/from-batch";
import { runTemplate } from "../../templates/start-run";
import { createTemplate, deleteTemplate, duplicateTemplate, getTemplate, listTemplates, templateVersions, updateTemplate } from "../../templates/store";
import { operatorProcedure, protectedProcedure, router } from "../init";

export const templatesRouter = router({
  /** The caller's templates (an admin's: everyone's), newest version each. */
  list: protectedProcedure.query(({ ctx }) => listTemplates(ctx.actor)),
  /** One template at its newest version or the one named. */
  get: protectedProcedure.input(templateGetSchema).query(({ ctx, input }) => getTemplate(ctx.actor, input.templateId, input.version)),
  /** Its versions, newest first. */
  versions: protectedProcedure.input(byTemplateIdSchema).query(({ ctx, input }) => templateVersions(ctx.actor, input.templateId)),
  create: operatorProcedure.input(templateBodySchema).mutation(({ ctx, input }) => createTemplate(ctx.actor, input)),
  /** "Save as template" on a batch page: its selection and operation, no parameters yet. */
  fromBatch: operatorProcedure.input(templateFromBatchSchema).mutation(({ ctx, input }) => templateFromBatch(ctx.actor, input.batchId, input.name)),
  /** An edit is the next version; earlier ones stay runnable by number. */
  update: operatorProcedure.input(templateUpdateSchema).mutation(({ ctx, input }) => updateTemplate(ctx.actor, input)),
  duplicate: operatorProcedure.input(byTemplateIdSchema).mutation(({ ctx, input }) => duplicateTemplate(ctx.actor, input.templateId)),
  delete: operatorProcedure.input(byTemplateIdSchema).mutation(({ ctx, input }) => deleteTemplate(ctx.actor, input.templateId)),
  /** Parameters in, a previewed batch out (commit it with batch.execute). */
  run: operatorProcedure.input(templateRunSchema).mutation(({ ctx, input }) => runTemplate(ctx.actor, input)),
});
