/** One field a batch changed on a row: its value before and after (left out of limited entries). */
export type FieldChange = { field: string; before?: unknown; after?: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields whose value differs between an item's before and after, in the order the item lists
 * them: an update's touched fields that it really changes, every field of a created row (before is
 * null) or of a deleted one (after is null). `version` is bookkeeping, not a change anyone made.
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => k !== "version");
  return keys
    .filter((k) => !before || !after || !same(before[k], after[k]))
    .map((field) => ({ field, before: before ? (before[field] ?? null) : null, after: after ? (after[field] ?? null) : null }));
}
