import { z } from "zod";
import { rowIdSchema } from "../contracts/ids";
import { scalarValueSchema } from "../contracts/values";
import { AppError } from "../errors";
import { KEY_SEED_NAMES, SEED_NAMES, WRITABLE_SEED_NAMES, type SeedName } from "./vessel-info-fields";

// The request shapes of seed 001, strict: a name the seed does not have is refused for the whole
// request (400), so a typo never silently drops a value. Values are any JSON scalar here; whether
// one fits its field is the engine's per-item check (FIELD_TYPE_MISMATCH at that index).

type SeedItem = Partial<Record<SeedName, z.infer<typeof scalarValueSchema>>>;

const shapeOf = (names: readonly SeedName[]) => Object.fromEntries(names.map((n) => [n, scalarValueSchema.optional()]));
const recordSchema = z.strictObject(shapeOf(WRITABLE_SEED_NAMES));
const keySchema = z.strictObject(shapeOf(KEY_SEED_NAMES));
const querySchema = z.strictObject(shapeOf(SEED_NAMES)).refine((q) => Object.values(q).some((v) => v !== undefined), { message: "每个查询条件至少需要一个字段" });

/** What the seed calls each operation in its messages ("一次最多创建100条记录"). */
export type Verb = "查询" | "创建" | "更新" | "删除";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The seed's own refusals of a list, in its words, before any item is looked at: not a list, empty, over the limit. */
function checkList(list: unknown, name: string, verb: Verb, max: number): unknown[] {
  if (!Array.isArray(list)) throw new AppError("BAD_REQUEST", `${name}字段必须是数组格式`, { fields: { [name]: ["Must be an array."] } });
  if (list.length === 0) throw new AppError("BAD_REQUEST", `${name}字段不能为空`, { fields: { [name]: ["Must not be empty."] } });
  if (list.length > max) throw new AppError("BAD_REQUEST", `一次最多${verb}${max}条记录`, { code: "ROW_LIMIT_EXCEEDED", rows: list.length, limit: max });
  return list;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new AppError("BAD_REQUEST", "请求体必须是JSON对象");
  return body;
}

/** `{ "data": [record, …] }` of bulk create and bulk update. */
export function parseRecords(body: unknown, verb: Verb, max: number): SeedItem[] {
  const obj = bodyObject(body);
  checkList(obj.data, "data", verb, max);
  return z.strictObject({ data: z.array(recordSchema) }).parse(obj).data;
}

export type DeleteInput = { kind: "keys"; keys: SeedItem[] } | { kind: "ids"; ids: number[] };

/** `{ "items": [key, …] }` or `{ "item_ids": [1, 2] }` of bulk delete: exactly one of them. */
export function parseDelete(body: unknown, max: number): DeleteInput {
  const obj = bodyObject(body);
  const has = (k: string) => obj[k] !== undefined;
  if (has("items") === has("item_ids")) throw new AppError("BAD_REQUEST", "请提供items或item_ids其中之一", { fields: { items: ["Give items or item_ids, not both."] } });
  if (has("items")) {
    checkList(obj.items, "items", "删除", max);
    return { kind: "keys", keys: z.strictObject({ items: z.array(keySchema) }).parse(obj).items };
  }
  checkList(obj.item_ids, "item_ids", "删除", max);
  const ids = z
    .strictObject({ item_ids: z.array(rowIdSchema).refine((a) => new Set(a).size === a.length, { message: "item_ids中有重复的ID" }) })
    .parse(obj).item_ids;
  return { kind: "ids", ids };
}

export type QueryInput = { queries: SeedItem[]; fields: string | null; page: number; pageSize: number };

const pageSchema = (max: number) =>
  z.strictObject({
    page: z.coerce.number<string>().int().min(1).max(1_000_000).default(1),
    page_size: z.coerce.number<string>().int().min(1).max(max).default(Math.min(10, max)),
  });

/** `?queries=[…]&fields=&page=&page_size=` of bulk query; other parameters are refused. */
export function parseQuery(url: URL, max: number): QueryInput {
  const params = url.searchParams;
  const unknown = [...params.keys()].filter((k) => !["queries", "fields", "page", "page_size"].includes(k));
  if (unknown.length) throw new AppError("BAD_REQUEST", `未知参数: ${unknown.join(", ")}`);
  const raw = params.get("queries");
  if (raw === null) throw new AppError("BAD_REQUEST", "queries参数是必需的", { fields: { queries: ["Required."] } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "queries参数必须是JSON格式的数组", { fields: { queries: ["Not valid JSON."] } });
  }
  checkList(parsed, "queries", "查询", max);
  const { queries } = z.strictObject({ queries: z.array(querySchema) }).parse({ queries: parsed });
  const paging = pageSchema(max).parse({ page: params.get("page") ?? undefined, page_size: params.get("page_size") ?? undefined });
  return { queries, fields: params.get("fields"), page: paging.page, pageSize: paging.page_size };
}
