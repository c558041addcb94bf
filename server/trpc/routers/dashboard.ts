import { queueStates, resourceCounts, workerStates } from "../../dashboard/stats";
import { protectedProcedure, router } from "../init";

export const dashboardRouter = router({
  /** Counts per resource, queue depth and live workers for the dashboard. */
  overview: protectedProcedure.query(async () => {
    const [resources, queues, workers] = await Promise.all([resourceCounts(), queueStates(), workerStates()]);
    return { resources, queues, workers };
  }),
});
