import { router } from "./init";
import { accountRouter } from "./routers/account";
import { approvalsRouter } from "./routers/approvals";
import { auditRouter } from "./routers/audit";
import { batchRouter } from "./routers/batch";
import { dashboardRouter } from "./routers/dashboard";
import { exportsRouter } from "./routers/exports";
import { mediaRouter } from "./routers/media";
import { meRouter } from "./routers/me";
import { notificationsRouter } from "./routers/notifications";
import { resourcesRouter } from "./routers/resources";
import { schedulesRouter } from "./routers/schedules";
import { systemRouter } from "./routers/system";
import { templatesRouter } from "./routers/templates";
import { tokensRouter } from "./routers/tokens";
import { usersRouter } from "./routers/users";
import { webhooksRouter } from "./routers/webhooks";

export const appRouter = router({
  me: meRouter,
  dashboard: dashboardRouter,
  system: systemRouter,
  resources: resourcesRouter,
  batch: batchRouter,
  exports: exportsRouter,
  media: mediaRouter,
  audit: auditRouter,
  users: usersRouter,
  account: accountRouter,
  tokens: tokensRouter,
  webhooks: webhooksRouter,
  templates: templatesRouter,
  schedules: schedulesRouter,
  notifications: notificationsRouter,
  approvals: approvalsRouter,
});

export type AppRouter = typeof appRouter;
