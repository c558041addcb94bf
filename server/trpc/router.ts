import { router } from "./init";
import { batchRouter } from "./routers/batch";
import { dashboardRouter } from "./routers/dashboard";
import { meRouter } from "./routers/me";
import { resourcesRouter } from "./routers/resources";
import { systemRouter } from "./routers/system";

export const appRouter = router({
  me: meRouter,
  dashboard: dashboardRouter,
  system: systemRouter,
  resources: resourcesRouter,
  batch: batchRouter,
});

export type AppRouter = typeof appRouter;
