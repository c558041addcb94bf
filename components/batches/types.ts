import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Out = inferRouterOutputs<AppRouter>;

export type BatchSummary = Out["batch"]["status"];
export type BatchProgress = BatchSummary["progress"];
export type BatchState = BatchSummary["state"];
export type BatchItem = Out["batch"]["items"]["items"][number];
export type BatchListRow = Out["batch"]["list"]["batches"][number];

export type BatchAction = BatchSummary["allowedActions"][number];

export { isFinalState as isFinal, isActiveState } from "@/server/contracts/batch";
