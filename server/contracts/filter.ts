import { z } from "zod";
import { nameSchema, text } from "./text";

/** The comparison operators a filter condition may use. */
export const FILTER_OPS = ["eq", "neq", "lt", "lte", "gt", "gte", "in", "contains", "startsWith", "isNull", "isNotNull", "between"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Conditions and groups a filter may hold at one level; deeper trees need their own groups. */
export const MAX_FILTER_WIDTH = 50;
/** Levels of groups a filter may nest, the top one included (the console's builder uses three). */
export const MAX_FILTER_DEPTH = 4;
/** Conditions a whole filter may hold, at every level together: width alone would allow 50⁴. */
export const MAX_FILTER_CONDITIONS = 200;
/** Values an "is any of" list may hold (the compiler takes as many). */
export const MAX_IN_VALUES = 10_000;
/** Longest text a condition compares with. */
export const MAX_FILTER_TEXT = 10_000;

// JSON scalars and lists of them: what a table filter can compare with. `null` is accepted here so the
// compiler can answer it with "use is empty" instead of a bare type error.
const scalar = z.union([text(MAX_FILTER_TEXT), z.number(), z.boolean(), z.null()]);
const conditionValue = z.union([scalar, z.array(scalar).max(MAX_IN_VALUES)]).optional();

export const conditionSchema = z.strictObject({ field: nameSchema.min(1), op: z.enum(FILTER_OPS), value: conditionValue });
export type Condition = z.infer<typeof conditionSchema>;

export type FilterGroup = { combinator: "and" | "or"; conditions: (Condition | FilterGroup)[] };

export const isGroup = (c: Condition | FilterGroup): c is FilterGroup => "combinator" in c;

const countConditions = (g: FilterGroup): number => g.conditions.reduce((n, c) => n + (isGroup(c) ? countConditions(c) : 1), 0);

// One schema per level, the last taking conditions only: the depth limit is part of the shape, so
// a deeper tree is refused with a path to where it goes too deep, before anything recurses over it.
function groupAt(level: number): z.ZodType<FilterGroup> {
  const member = level >= MAX_FILTER_DEPTH ? conditionSchema : z.union([conditionSchema, groupAt(level + 1)]);
  return z.strictObject({ combinator: z.enum(["and", "or"]), conditions: z.array(member).max(MAX_FILTER_WIDTH) });
}

export const filterGroupSchema: z.ZodType<FilterGroup> = groupAt(1).refine((g) => countConditions(g) <= MAX_FILTER_CONDITIONS, {
  message: `A filter may hold at most ${MAX_FILTER_CONDITIONS} conditions.`,
});

/** Lifecycle scopes of a table: live rows, archived, in the trash, or every row. */
export const SCOPES = ["active", "archived", "deleted", "all"] as const;
export type Scope = (typeof SCOPES)[number];

export const MAX_SEARCH_LENGTH = 200;

/** What a table view or a filter target selects: conditions, lifecycle scope, quick search. */
export const rowSelectionSchema = z.strictObject({
  filter: filterGroupSchema.optional(),
  scope: z.enum(SCOPES).default("active"),
  q: text(MAX_SEARCH_LENGTH).optional(),
});
export type RowSelection = z.input<typeof rowSelectionSchema>;
