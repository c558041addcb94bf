import { z } from "zod";

/** The comparison operators a filter condition may use. */
export const FILTER_OPS = ["eq", "neq", "lt", "lte", "gt", "gte", "in", "contains", "startsWith", "isNull", "isNotNull", "between"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Conditions and groups a filter may hold at one level; deeper trees need their own groups. */
export const MAX_FILTER_WIDTH = 50;

// JSON scalars and lists of them: what a table filter can compare with. `null` is accepted here so the
// compiler can answer it with "use is empty" instead of a bare type error.
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const conditionValue = z.union([scalar, z.array(scalar)]).optional();

export const conditionSchema = z.object({ field: z.string().min(1).max(100), op: z.enum(FILTER_OPS), value: conditionValue });
export type Condition = z.infer<typeof conditionSchema>;

export type FilterGroup = { combinator: "and" | "or"; conditions: (Condition | FilterGroup)[] };
export const filterGroupSchema: z.ZodType<FilterGroup> = z.lazy(() =>
  z.object({
    combinator: z.enum(["and", "or"]),
    conditions: z.array(z.union([conditionSchema, filterGroupSchema])).max(MAX_FILTER_WIDTH),
  }),
);

export const isGroup = (c: Condition | FilterGroup): c is FilterGroup => "combinator" in c;

/** Lifecycle scopes of a table: live rows, archived, in the trash, or every row. */
export const SCOPES = ["active", "archived", "deleted", "all"] as const;
export type Scope = (typeof SCOPES)[number];

export const MAX_SEARCH_LENGTH = 200;

/** What a table view or a filter target selects: conditions, lifecycle scope, quick search. */
export const rowSelectionSchema = z.object({
  filter: filterGroupSchema.optional(),
  scope: z.enum(SCOPES).default("active"),
  q: z.string().max(MAX_SEARCH_LENGTH).optional(),
});
export type RowSelection = z.input<typeof rowSelectionSchema>;
