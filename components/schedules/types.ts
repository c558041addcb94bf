import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Out = inferRouterOutputs<AppRouter>["schedules"];
export type ScheduleRow = Out["list"][number];
export type ScheduleRunRow = Out["runs"][number];
