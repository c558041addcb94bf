import { describe, expect, it } from "vitest";
import type { FieldMeta } from "@/components/resources/types";
import { conditionProblem, describeCondition, reshapeValue, toServerFilter, type FilterGroup } from "./filter-model";

const f = (name: string, type: string, extra: object = {}) => ({ name, label: name[0]!.toUpperCase() + name.slice(1), type, pg: "text", ...extra }) as unknown as FieldMeta;
const fields = new Map(
  [f("title", "text"), f("price", "currency", { pg: "numeric" }), f("stock", "number", { pg: "int4" }), f("status", "select", { options: ["draft", "sent"] }), f("placed", "datetime", { pg: "timestamptz" }), f("anonymous", "boolean", { pg: "bool" })].map((x) => [x.name, x]),
);

describe("filter model", () => {
  it("sends only complete conditions, with numbers as numbers and booleans as booleans", () => {
    const group: FilterGroup = {
      combinator: "and",
      conditions: [
        { field: "price", op: "gte", value: "10.5" },
        { field: "title", op: "contains", value: "" },
        { field: "anonymous", op: "eq", value: "false" },
        { combinator: "or", conditions: [{ field: "status", op: "in", value: [] }] },
      ],
    };
    expect(toServerFilter(group, fields)).toEqual({
      combinator: "and",
      conditions: [
        { field: "price", op: "gte", value: 10.5 },
        { field: "anonymous", op: "eq", value: false },
      ],
    });
  });

  it("turns a local day into the instants that bound it", () => {
    const out = toServerFilter({ combinator: "and", conditions: [{ field: "placed", op: "eq", value: "2026-03-01" }] }, fields)!;
    const [from, to] = (out.conditions[0] as { value: string[] }).value;
    expect(new Date(from!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(to!).getTime()).toBe(new Date(2026, 2, 2).getTime() - 1);
  });

  it("keeps the value sensible when the operator changes", () => {
    expect(reshapeValue("in", "draft")).toEqual(["draft"]);
    expect(reshapeValue("between", "5")).toEqual(["5", ""]);
    expect(reshapeValue("isNull", "5")).toBeUndefined();
  });

  it("says what is missing, and describes conditions in words", () => {
    expect(conditionProblem(fields.get("price"), { field: "price", op: "between", value: ["1", ""] })).toBe("Enter both ends of the range.");
    expect(conditionProblem(fields.get("price"), { field: "price", op: "eq", value: "abc" })).toBe("Enter a number.");
    expect(conditionProblem(fields.get("price"), { field: "price", op: "between", value: ["9", "1"] })).toBe("The range starts above its end: swap the two values.");
    expect(conditionProblem(fields.get("stock"), { field: "stock", op: "gt", value: "99999999999" })).toBe("Enter a number between -2,147,483,647 and 2,147,483,647.");
    expect(conditionProblem(fields.get("stock"), { field: "stock", op: "eq", value: "1.5" })).toBe("Enter a whole number.");
    expect(conditionProblem(fields.get("price"), { field: "price", op: "eq", value: "1.5" })).toBeNull();
    expect(describeCondition(fields.get("status"), { field: "status", op: "in", value: ["draft", "sent"] })).toBe("Status is any of draft, sent");
    expect(describeCondition(fields.get("anonymous"), { field: "anonymous", op: "eq", value: "true" })).toBe("Anonymous is yes");
  });
});
