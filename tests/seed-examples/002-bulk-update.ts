// The BulkUpdate bodies printed in seed 002 (/work/shared/seeds/002_*.txt, "使用场景与示例" and the
// target list), as written there, with its row ids ("row-1", …) given as parameters: tests put
// seeded products' ids in. The seed prints no response body (it answers a change request).

type Ids = [number, number, number];

export const SINGLE_FIELD = (r: Ids) => ({ target: { row: r[0], field: "price" }, value: 99.99 });
export const WHOLE_ROW = (r: Ids) => ({ target: { row: r[0] }, value: { price: 99.99, name: "iPhone 15", stock: 50 } });
export const ROWS_SAME_VALUE = (r: Ids) => ({ target: { rows: r, field: "status" }, value: "active" });
export const ROWS_DIFFERENT_VALUES = (r: Ids) => ({ target: { rows: r, field: "price" }, value: [99.99, 88.88, 77.77] });
export const ONE_PROPERTY = { target: { property: "amount" }, value: 5000.0 };
export const PROPERTIES = { target: { properties: true }, value: { amount: 5000.0, quantity: 100, date: "2024-12-05" } };
export const DELETE_ROW = (r: Ids) => ({ target: { row: r[0], delete: true } });
export const DELETE_ROWS = (r: Ids) => ({ target: { rows: [r[0], r[1]], delete: true } });
export const DELETE_BY_CONDITION = { target: { condition: { logic: "and", conditions: [{ field: "status", operator: "eq", value: "inactive" }] }, delete: true } };
export const UPDATE_BY_CONDITION = {
  target: { condition: { logic: "and", conditions: [{ field: "status", operator: "eq", value: "pending" }] }, field: "reviewStatus" },
  value: "reviewing",
};
/** "混合更新（数据 + 属性）": one BulkUpdate on a row's field, one on a property. */
export const MIXED = (r: Ids) => [SINGLE_FIELD(r), ONE_PROPERTY];
