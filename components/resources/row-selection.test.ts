import { describe, expect, it } from "vitest";
import { NO_SELECTION, isRowSelected, rangeIds, selectedCount, setRows } from "./row-selection";

describe("row selection", () => {
  it("keeps explicitly picked rows across pages and counts them", () => {
    let s = setRows(NO_SELECTION, [1, 2, 3], true);
    s = setRows(s, [40, 41], true);
    s = setRows(s, [2], false);
    expect([1, 2, 3, 40].map((id) => isRowSelected(s, id))).toEqual([true, false, true, true]);
    expect(selectedCount(s, 1000)).toBe(4);
  });

  it("after 'select all matching', deselected rows become exclusions", () => {
    let s = setRows({ mode: "all", excluded: new Set() }, [7, 8], false);
    expect(isRowSelected(s, 7)).toBe(false);
    expect(isRowSelected(s, 9)).toBe(true);
    expect(selectedCount(s, 812_344)).toBe(812_342);
    s = setRows(s, [7], true);
    expect(selectedCount(s, 812_344)).toBe(812_343);
  });

  it("a shift-click selects the rows between the anchor and the clicked row, either direction", () => {
    const page = [10, 9, 8, 7, 6];
    expect(rangeIds(page, 9, 6)).toEqual([9, 8, 7, 6]);
    expect(rangeIds(page, 6, 9)).toEqual([9, 8, 7, 6]);
    expect(rangeIds(page, null, 8)).toEqual([8]);
    expect(rangeIds(page, 99, 8)).toEqual([8]);
  });
});
