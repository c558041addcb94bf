// The request bodies and response examples printed in seed 001 (/work/shared/seeds/001_*.txt,
// "批量操作API"), copied as they are. Ids in responses are the database's: tests put the real ones in.

export const QUERY_PARAM_EXAMPLE = { queries: [{ polCd: "CNSHA", podCd: "USNYC" }], fields: "id,vessel,voyage,price", page: 1, page_size: 10 };

export const QUERY_CONDITIONS = [
  { polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN" },
  { polCd: "CNSHK", podCd: "THBKK" },
];

/** The JavaScript usage example's parameters. */
export const QUERY_JS_EXAMPLE = {
  queries: [
    { polCd: "CNSHA", podCd: "USNYC" },
    { polCd: "CNSHK", podCd: "THBKK" },
  ],
  fields: "id,vessel,voyage,price,gp_20,hq_40",
  page: 1,
  page_size: 10,
};

const EVER_GIVEN = { polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN", voyage: "2501E", carriercd: "ONE", price: 4200.0, gp_20: "10", hq_40: "5", cut_off_time: "2025-06-10" };
const COSCO_ASIA = { polCd: "CNSHK", podCd: "THBKK", vessel: "COSCO ASIA", voyage: "001N", carriercd: "COS", price: 3800.0, gp_20: "15", hq_40: "8", cut_off_time: "2025-06-15" };

export const QUERY_RESPONSE = (ids: [number, number]) => ({
  success: true,
  message: "批量查询成功",
  data: {
    count: 2,
    next: null,
    previous: null,
    results: [
      { query_index: 0, matches: [{ id: ids[0], ...EVER_GIVEN }], count: 1 },
      { query_index: 1, matches: [{ id: ids[1], ...COSCO_ASIA }], count: 1 },
    ],
  },
});

export const CREATE_BODY = { data: [EVER_GIVEN, COSCO_ASIA] };

export const CREATE_RESPONSE = (ids: [number, number]) => ({
  success: true,
  message: "批量创建完成: 2/2 成功",
  data: {
    created: [
      { index: 0, success: true, data: { id: ids[0], ...EVER_GIVEN } },
      { index: 1, success: true, data: { id: ids[1], ...COSCO_ASIA } },
    ],
    failed: [],
    summary: { total_requests: 2, success_count: 2, failed_count: 0 },
  },
});

/** The Python usage example's records (it sends `{ data: … }`). */
export const CREATE_PY_DATA = [{ polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN", voyage: "2501E", carriercd: "ONE", price: 4200.0, gp_20: "10", hq_40: "5" }];

export const UPDATE_BODY = {
  data: [
    { carriercd: "ONE", polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN", voyage: "2501E", price: 4500.0, gp_20: "8" },
    { carriercd: "COS", polCd: "CNSHK", podCd: "THBKK", vessel: "COSCO ASIA", voyage: "001N", price: 4000.0, hq_40: "10" },
  ],
};

export const UPDATE_RESPONSE = (ids: [number, number]) => ({
  success: true,
  message: "批量更新完成: 2/2 成功",
  data: {
    updated: [
      { index: 0, success: true, data: { id: ids[0], ...EVER_GIVEN, price: 4500.0, gp_20: "8" } },
      { index: 1, success: true, data: { id: ids[1], ...COSCO_ASIA, price: 4000.0, hq_40: "10" } },
    ],
    failed: [],
    summary: { total_requests: 2, success_count: 2, failed_count: 0 },
  },
});

export const DELETE_BY_KEYS_BODY = {
  items: [
    { carriercd: "ONE", polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN", voyage: "2501E" },
    { carriercd: "COS", polCd: "CNSHK", podCd: "THBKK", vessel: "COSCO ASIA", voyage: "001N" },
  ],
};

export const DELETE_BY_IDS_BODY = { item_ids: [1, 2, 3] };

export const DELETE_RESPONSE = (ids: [number, number]) => ({
  success: true,
  message: "批量删除完成: 2/2 成功",
  data: {
    deleted: [
      { index: 0, success: true, data: { id: ids[0], polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN", voyage: "2501E", carriercd: "ONE" } },
      { index: 1, success: true, data: { id: ids[1], polCd: "CNSHK", podCd: "THBKK", vessel: "COSCO ASIA", voyage: "001N", carriercd: "COS" } },
    ],
    failed: [],
    summary: { total_requests: 2, success_count: 2, failed_count: 0 },
  },
});

export const FORBIDDEN_RESPONSE = { success: false, message: "没有权限创建船舶额外信息", data: null };
export const NOT_AN_ARRAY_RESPONSE = { success: false, message: "data字段必须是数组格式", data: null };
export const OVER_LIMIT_RESPONSE = { success: false, message: "一次最多创建100条记录", data: null };
