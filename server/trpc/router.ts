import { router } from "./init";
import { dashboardRouter } from "./routers/dashboard";
import { meRouter } from "./routers/me";
import { systemRouter } from "./routers/system";

export const appRouter = router({
  me: meRouter,
  dashboard: dashboardRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
