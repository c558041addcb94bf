import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

export type TokenRow = inferRouterOutputs<AppRouter>["tokens"]["list"][number];
export type CreatedToken = inferRouterOutputs<AppRouter>["tokens"]["create"];
