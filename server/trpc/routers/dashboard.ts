import { queueStates, resourceCounts, workerStates } from "../../dashboard/stats";
import { protectedProcedure, router } from "../init";

export const dashboardRouter = router({
  /** Counts per resource, queue depth and live workers for the dashboard. */
  overview: protectedProcedure.query(async ({ ctx }) => {
    const [resources, queues, workers] = await Promise.all([resourceCounts(), queueStates(), workerStates()]);
    // A worker's id is its host name and pid: operations detail for admins, numbered for everyone else.
    const shown = ctx.actor.role === "admin" ? workers : workers.map((w, i) => ({ ...w, id: `worker ${i + 1}` }));
    return { resources, queues, workers: shown };
  }),
});
