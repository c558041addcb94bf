import { resourcesMeta } from "../../resources/meta";
import { countSelection, queryResource } from "../../resources/query";
import { resourceCountSchema, resourceQuerySchema } from "../../contracts/queries";
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
});
