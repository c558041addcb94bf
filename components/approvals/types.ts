import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Out = inferRouterOutputs<AppRouter>["approvals"];

export type ApprovalView = Out["get"];
export type ApprovalRequest = NonNullable<ApprovalView["request"]>;
export type ApprovalListItem = Out["list"][number];
export type ApprovalRule = Out["rules"][number];
