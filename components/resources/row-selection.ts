/**
 * Which rows the user picked: explicit ids (survive paging), or "all rows matching the filter" less
 * the ones deselected afterwards. Pure functions so the rules are testable without a browser.
 */
export type RowSelectionState =
  | { mode: "ids"; ids: ReadonlySet<number> }
  | { mode: "all"; excluded: ReadonlySet<number> };

export const NO_SELECTION: RowSelectionState = { mode: "ids", ids: new Set() };

export function isRowSelected(s: RowSelectionState, id: number): boolean {
  return s.mode === "ids" ? s.ids.has(id) : !s.excluded.has(id);
}

/** Selects or deselects `ids`; in "all" mode deselecting adds to the exclusions. */
export function setRows(s: RowSelectionState, ids: readonly number[], selected: boolean): RowSelectionState {
  if (s.mode === "ids") {
    const next = new Set(s.ids);
    for (const id of ids) if (selected) next.add(id); else next.delete(id);
    return { mode: "ids", ids: next };
  }
  const excluded = new Set(s.excluded);
  for (const id of ids) if (selected) excluded.delete(id); else excluded.add(id);
  return { mode: "all", excluded };
}

/** How many rows are selected, given how many match the filter. */
export function selectedCount(s: RowSelectionState, total: number): number {
  return s.mode === "ids" ? s.ids.size : Math.max(0, total - s.excluded.size);
}

/**
 * The ids a shift-click selects: every row between the last clicked one and this one on the page
 * (just this one when the anchor is not on the page).
 */
export function rangeIds(pageIds: readonly number[], anchor: number | null, id: number): number[] {
  const to = pageIds.indexOf(id);
  const from = anchor === null ? -1 : pageIds.indexOf(anchor);
  if (from < 0 || to < 0) return [id];
  const [a, b] = from < to ? [from, to] : [to, from];
  return pageIds.slice(a, b + 1);
}
