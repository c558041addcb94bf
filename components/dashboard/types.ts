import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

export type Overview = inferRouterOutputs<AppRouter>["dashboard"]["overview"];
export type ResourceCount = Overview["resources"][number];
export type QueueRow = Overview["queues"][number];
export type WorkerRow = Overview["workers"][number];
