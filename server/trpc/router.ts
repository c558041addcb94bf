import { router } from "./init";
import { dashboardRouter } from "./routers/dashboard";
import { meRouter } from "./routers/me";

export const appRouter = router({
  me: meRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;
