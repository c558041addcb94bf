import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Out = inferRouterOutputs<AppRouter>;
type In = inferRouterInputs<AppRouter>;

/** One resource as the registry describes it to the console. */
export type ResourceMeta = Out["resources"]["meta"][number];
export type FieldMeta = ResourceMeta["fields"][number];
export type OperationKind = ResourceMeta["operations"][number];
/** A row of `resources.query`: API field names plus the owner's name. */
export type ResourceRow = Out["resources"]["query"]["rows"][number];
/** The first page of rows as the server page fetched it, with the input it used. */
export type InitialPage = { input: unknown; data: { rows: ResourceRow[]; total: number; page: number; pageSize: number } };
export type RowSelectionInput = NonNullable<In["resources"]["query"]["selection"]>;
export type Scope = NonNullable<RowSelectionInput["scope"]>;
