import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

export type TemplateRow = inferRouterOutputs<AppRouter>["templates"]["list"][number];
