import { resourcesMeta } from "../../resources/meta";
import { countSelection, queryResource } from "../../resources/query";
import { resourceCountSchema, resourceQuerySchema, rowHistoryQuerySchema } from "../../contracts/queries";
import { rowHistory } from "../../history/row-history";
import { getResource, RESOURCES } from "../../resources/registry";
import { protectedProcedure, router } from "../init";

export const resourcesRouter = router({
  list: protectedProcedure.query(() => RESOURCES.map((r) => ({ name: r.name, label: r.label }))),
  /** The registry for the UI: fields, types, options, transitions, and operations this role may run. */
  meta: protectedProcedure.query(({ ctx }) => resourcesMeta(ctx.actor.role)),
  query: protectedProcedure.input(resourceQuerySchema).query(({ ctx, input }) => queryResource(ctx.actor.role, input)),
  count: protectedProcedure
    .input(resourceCountSchema)
    .query(({ ctx, input }) => countSelection(ctx.actor.role, getResource(input.resource), input.selection)),
  /** One record's timeline: every batch that touched it, newest first (others' batches with limited detail). */
  history: protectedProcedure.input(rowHistoryQuerySchema).query(({ ctx, input }) => rowHistory(ctx.actor, input)),
});
