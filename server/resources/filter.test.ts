import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { Params } from "../sql/params";
import { rowSelectionSchema, type Condition, type FilterGroup, type RowSelection } from "../contracts/filter";
import { selectionWhere } from "./filter";
import { getResource } from "./registry";

const letters = getResource("letters");
const products = getResource("products");

function compile(selection: RowSelection, res = letters) {
  const params = new Params();
  const sql = selectionWhere(res, rowSelectionSchema.parse(selection), params);
  return { sql, values: params.values };
}

const where = (...conditions: (Condition | FilterGroup)[]) => ({ filter: { combinator: "and" as const, conditions } });

function compileError(selection: RowSelection, res = letters): AppError {
  try {
    compile(selection, res);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the filter to be refused");
}

describe("filter compiler", () => {
  it("binds every value as a parameter and never splices it into the SQL text", () => {
    const evil = "x'); DROP TABLE letters; --";
    const { sql, values } = compile(where({ field: "title", op: "eq", value: evil }, { field: "senderName", op: "contains", value: evil }));
    expect(sql).not.toContain("DROP");
    expect(sql).toContain(`t."title" = $1::text`);
    expect(sql).toMatch(/t\."sender_name"::text ILIKE \$2/);
    expect(values).toEqual([evil, `%${evil}%`]);
  });

  it("compiles each comparison operator to placeholders with typed casts", () => {
    const cases: [Condition, RegExp, unknown[]][] = [
      [{ field: "id", op: "eq", value: 5 }, /t\."id" = \$1::int4/, [5]],
      [{ field: "id", op: "neq", value: "7" }, /t\."id" IS DISTINCT FROM \$1::int4/, [7]],
      [{ field: "id", op: "lt", value: 3 }, /t\."id" < \$1::int4/, [3]],
      [{ field: "id", op: "lte", value: 3 }, /t\."id" <= \$1::int4/, [3]],
      [{ field: "id", op: "gt", value: 3 }, /t\."id" > \$1::int4/, [3]],
      [{ field: "id", op: "gte", value: 3 }, /t\."id" >= \$1::int4/, [3]],
      [{ field: "id", op: "between", value: [2, 9] }, /t\."id" BETWEEN \$1::int4 AND \$2::int4/, [2, 9]],
      [{ field: "status", op: "in", value: ["draft", "sent"] }, /t\."status" = ANY\(\$1::text\[\]\)/, [["draft", "sent"]]],
      [{ field: "title", op: "startsWith", value: "Re" }, /t\."title"::text ILIKE \$1/, ["Re%"]],
      [{ field: "senderName", op: "isNull" }, /t\."sender_name" IS NULL/, []],
      [{ field: "senderName", op: "isNotNull" }, /t\."sender_name" IS NOT NULL/, []],
    ];
    for (const [condition, pattern, values] of cases) {
      const out = compile(where(condition));
      expect(out.sql, condition.op).toMatch(pattern);
      expect(out.values, condition.op).toEqual(values);
    }
  });

  it("nests and/or groups in parentheses", () => {
    const { sql } = compile(
      where({
        combinator: "or",
        conditions: [
          { field: "status", op: "eq", value: "draft" },
          { combinator: "and", conditions: [{ field: "status", op: "eq", value: "sent" }, { field: "anonymous", op: "eq", value: true }] },
        ],
      }),
    );
    expect(sql).toContain(`((t."status" = $1::text OR (t."status" = $2::text AND t."anonymous" = $3::bool)))`);
  });

  it("escapes LIKE wildcards in contains and startsWith", () => {
    const { values } = compile(where({ field: "title", op: "contains", value: "50%_off\\" }));
    expect(values).toEqual(["%50\\%\\_off\\\\%"]);
  });

  it("treats multi-select fields as sets", () => {
    expect(compile(where({ field: "tags", op: "in", value: ["sale", "eco"] }), products).sql).toContain(`t."tags" && $1::text[]`);
    expect(compile(where({ field: "tags", op: "isNull" }), products).sql).toContain(`cardinality(t."tags") = 0`);
    expect(compile(where({ field: "tags", op: "contains", value: "eco" }), products).sql).toContain(`t."tags" @> ARRAY[$1]::text[]`);
    expect(compile(where({ field: "tags", op: "neq", value: "eco" }), products).sql).toContain(`NOT (coalesce(t."tags", '{}') @> ARRAY[$1]::text[])`);
  });

  it("limits the scope through the lifecycle columns", () => {
    expect(compile({ scope: "active" }).sql).toBe(`t."deleted_at" IS NULL AND t."archived_at" IS NULL`);
    expect(compile({ scope: "archived" }).sql).toBe(`t."archived_at" IS NOT NULL AND t."deleted_at" IS NULL`);
    expect(compile({ scope: "deleted" }).sql).toBe(`t."deleted_at" IS NOT NULL`);
    expect(compile({ scope: "all" }).sql).toBe("TRUE");
  });

  it("quick-searches the searchable fields and, for digits, the id", () => {
    const { sql, values } = compile({ q: "42" });
    expect(sql).toContain(`t."title" ILIKE $1 OR t."sender_name" ILIKE $1 OR t.id = $2::int4`);
    expect(values).toEqual(["%42%", 42]);
  });

  it("does not compare digits too long for an id with the id column", () => {
    const { sql, values } = compile({ q: "99999999999" });
    expect(sql).not.toContain("t.id =");
    expect(values).toEqual(["%99999999999%"]);
  });

  it("refuses an unknown field, naming it, so no SQL is built from it", () => {
    const e = compileError(where({ field: "title; drop table letters", op: "eq", value: "x" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain(`Unknown field "title; drop table letters"`);
  });

  it("refuses values of the wrong type or shape with a clear message", () => {
    expect(compileError(where({ field: "id", op: "eq", value: "abc" })).message).toBe("Filter on ID: ID must be a whole number.");
    expect(compileError(where({ field: "id", op: "between", value: [1] })).message).toContain(`"between" needs two values`);
    expect(compileError(where({ field: "status", op: "in", value: [] })).message).toContain(`"in" needs a list`);
    expect(compileError(where({ field: "title", op: "contains", value: 5 })).message).toContain(`"contains" needs text`);
    expect(compileError(where({ field: "createdAt", op: "gt", value: "not a date" })).message).toContain("must be a valid date");
  });

  it("refuses a comparison with no value instead of matching nothing, pointing to is empty", () => {
    expect(compileError(where({ field: "senderName", op: "eq", value: null })).message).toBe(
      'Filter on Sender: "eq" needs a value; use "is empty" to find rows without one.',
    );
    expect(compileError(where({ field: "createdAt", op: "lt", value: "" })).message).toContain('"lt" needs a value');
    expect(compileError(where({ field: "id", op: "in", value: [1, null] })).message).toContain('"in" needs a value');
    expect(compile(where({ field: "senderName", op: "isNull" })).sql).toContain("IS NULL");
  });

  it("refuses an operator it does not know at the schema", () => {
    const parsed = rowSelectionSchema.safeParse({ filter: { combinator: "and", conditions: [{ field: "title", op: "like", value: "x" }] } });
    expect(parsed.success).toBe(false);
  });
});
