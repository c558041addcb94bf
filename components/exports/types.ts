import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Outputs = inferRouterOutputs<AppRouter>;

/** One row of the exports table, as the exports.list procedure returns it. */
export type ExportRow = Outputs["exports"]["list"]["exports"][number];
export type ResourceMeta = Outputs["resources"]["meta"][number];
