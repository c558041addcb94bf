import { describe, expect, it } from "vitest";
import { changedFields } from "./changes";

describe("the fields an item changed", () => {
  it("keeps an update's touched fields whose value differs, in the item's order", () => {
    expect(changedFields({ title: "A", tags: ["x"], price: 1 }, { title: "B", tags: ["x"], price: 1 })).toEqual([{ field: "title", before: "A", after: "B" }]);
    expect(changedFields({ tags: ["x"] }, { tags: ["x", "y"] })).toEqual([{ field: "tags", before: ["x"], after: ["x", "y"] }]);
  });

  it("lists every field of a created or deleted row, without the version bookkeeping", () => {
    expect(changedFields(null, { title: "New", version: 1 })).toEqual([{ field: "title", before: null, after: "New" }]);
    expect(changedFields({ title: "Old", note: null, version: 4 }, null)).toEqual([
      { field: "title", before: "Old", after: null },
      { field: "note", before: null, after: null },
    ]);
  });
});
