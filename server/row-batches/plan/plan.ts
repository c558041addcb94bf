import type pg from "pg";
import type { Actor as ActorOf } from "../../auth/actor";
import { AppError } from "../../errors";
import { rowSelectionSchema } from "../../contracts/filter";
import { selectionWhere } from "../../resources/filter";
import { getField, getWritableField } from "../../resources/registry";
import type { FieldDef, ResourceDef } from "../../resources/types";
import { ident, Params } from "../../sql/params";
import { mayForce, restrictedToOwnRows } from "../../auth/policy";
import type { Operation, Target } from "../../contracts/batch";
import { archiveChanges, compileChanges, restoreChanges, softDeleteChanges, type Touched } from "./changes";
import { fieldChecks, naturalKeyCheck, ownershipChecks, rowError, transitionCheck, transitionsCheck } from "./checks";
import { missingKeyErrors, normalizeItems } from "./items";
import { after, before, fromJson, jsonObject } from "./json-values";

/** The planner needs only whose rows and which role. */
type Actor = Pick<ActorOf, "id" | "role">;

/** Where the planned rows come from: a FROM clause exposing row `t` (possibly absent) and per-item data. */
type Source = {
  from: string;
  where: string;
  ord: string;
  rowId: string;
  found: string;
  itemIndex: string;
  preErrors: string;
  /** For items: the jsonb expression holding the item's values. */
  item?: string;
  /** Items may name the same row twice (per-row values, natural keys); ids and filters cannot. */
  mayRepeat?: boolean;
};

type Shape = { action: string; touched: Touched[]; extraChecks: string[]; deleteImage: boolean };

const NO_ERRORS = "'[]'::jsonb";

function filterSource(res: ResourceDef, target: Extract<Target, { kind: "filter" }>, params: Params): Source {
  let where = selectionWhere(res, rowSelectionSchema.parse(target.selection), params);
  if (target.excludeIds.length) where += ` AND NOT (t.id = ANY(${params.add(target.excludeIds, "int4[]")}))`;
  return { from: `${ident(res.table)} t`, where, ord: "t.id", rowId: "t.id", found: "TRUE", itemIndex: "NULL::int4", preErrors: NO_ERRORS };
}

function idsSource(res: ResourceDef, ids: number[], params: Params): Source {
  const unique = [...new Set(ids)];
  return {
    from: `unnest(${params.add(unique, "int4[]")}) WITH ORDINALITY v(id, ord) LEFT JOIN ${ident(res.table)} t ON t.id = v.id`,
    where: "TRUE",
    ord: "v.ord",
    rowId: "v.id",
    found: "t.id IS NOT NULL",
    itemIndex: "NULL::int4",
    preErrors: NO_ERRORS,
  };
}

/** Items (create/upsert/natural keys) as jsonb, each `{ values, errors }`, joined to existing rows by natural key. */
function itemsSource(res: ResourceDef, items: ReturnType<typeof normalizeItems>, params: Params, joinOnKey: boolean): Source {
  const json = params.add(JSON.stringify(items), "jsonb");
  let from = `jsonb_array_elements(${json}) WITH ORDINALITY v(item, ord)`;
  if (joinOnKey) {
    if (!res.naturalKey) throw new AppError("BAD_REQUEST", `${res.label} have no natural key.`);
    const match = res.naturalKey
      .map((k) => getField(res, k))
      .map((f) => `t.${ident(f.column)} = ${fromJson(f, "v.item->'values'")}`)
      .join(" AND ");
    from += ` LEFT JOIN ${ident(res.table)} t ON ${match}`;
  } else {
    from += ` LEFT JOIN ${ident(res.table)} t ON FALSE`;
  }
  return {
    from,
    where: "TRUE",
    ord: "v.ord",
    rowId: "t.id",
    found: "t.id IS NOT NULL",
    itemIndex: "(v.ord - 1)::int4",
    preErrors: "(v.item->'errors')",
    item: "v.item->'values'",
    mayRepeat: joinOnKey,
  };
}

function statusShape(res: ResourceDef, op: Extract<Operation, { type: "statusChange" }>, actor: Actor, params: Params): Shape {
  if (!res.status) throw new AppError("BAD_REQUEST", `${res.label} have no status.`);
  const field = getField(res, res.status.field);
  if (!field.options?.includes(op.to)) {
    throw new AppError("BAD_REQUEST", `"${op.to}" is not a ${field.label.toLowerCase()} of ${res.label}.`, { field: field.name });
  }
  if (op.force && !mayForce(actor.role)) throw new AppError("FORBIDDEN", "Only admins may force a status change.");
  const allowedFrom = Object.entries(res.status.transitions)
    .filter(([, next]) => next.includes(op.to))
    .map(([from]) => from);
  return {
    action: "'update'",
    touched: [{ field, expr: params.add(op.to, "text") }],
    extraChecks: op.force ? [] : [transitionCheck(field, op.to, allowedFrom)],
    deleteImage: false,
  };
}

/** Chooses the source rows and after-value SQL for an operation. */
function shapeFor(res: ResourceDef, target: Target, op: Operation, actor: Actor, params: Params, now: Date): { source: Source; shape: Shape } {
  const rowSource = (): Source => {
    if (target.kind === "filter") return filterSource(res, target, params);
    if (target.kind === "ids") return idsSource(res, target.ids, params);
    throw new AppError("BAD_REQUEST", `A ${op.type} batch targets ids or a filter, not ${target.kind}.`);
  };
  const update = (touched: Touched[], extraChecks: string[] = []) => ({ action: "'update'", touched, extraChecks, deleteImage: false });
  switch (op.type) {
    case "update":
      return { source: rowSource(), shape: update(compileChanges(res, op.changes, params)) };
    case "statusChange":
      return { source: rowSource(), shape: statusShape(res, op, actor, params) };
    case "softDelete":
      return { source: rowSource(), shape: update(softDeleteChanges(res, op.reason, now, params)) };
    case "archive":
      return { source: rowSource(), shape: update(archiveChanges(res, op.reason, op.location, now, params)) };
    case "restore":
      return { source: rowSource(), shape: update(restoreChanges(res)) };
    case "hardDelete":
      return { source: rowSource(), shape: { action: "'delete'", touched: [], extraChecks: [], deleteImage: true } };
    case "updatePerRow": {
      const field = getWritableField(res, op.field);
      const items = normalizeItems(
        res,
        op.values.map((v) => ({ [field.name]: v.value })),
      ).map((it, i) => ({ ...it, id: op.values[i]!.id }));
      const json = params.add(JSON.stringify(items), "jsonb");
      const source: Source = {
        from: `jsonb_array_elements(${json}) WITH ORDINALITY v(item, ord) LEFT JOIN ${ident(res.table)} t ON t.id = (v.item->>'id')::int4`,
        where: "TRUE",
        ord: "v.ord",
        rowId: "(v.item->>'id')::int4",
        found: "t.id IS NOT NULL",
        itemIndex: "(v.ord - 1)::int4",
        preErrors: "(v.item->'errors')",
        mayRepeat: true,
      };
      const expr = `CASE WHEN v.item->'values' ? '${field.name}' THEN ${fromJson(field, "v.item->'values'")} ELSE t.${ident(field.column)} END`;
      return { source, shape: update([{ field, expr }]) };
    }
    case "create":
    case "upsert": {
      if (target.kind !== "items") throw new AppError("BAD_REQUEST", `A ${op.type} batch needs a list of items.`);
      const items = normalizeItems(res, target.items);
      const source = itemsSource(res, items, params, op.type === "upsert");
      const writable = res.fields.filter((f) => !f.readOnly);
      const actorParam = params.add(actor.id, "text");
      const touched = writable.map((field) => {
        const provided = `(${source.item!}) ? '${field.name}'`;
        const current = `t.${ident(field.column)}`;
        const fallback =
          field.name === res.ownerField
            ? `coalesce(${current}, ${actorParam})`
            : field.default !== undefined
              ? `CASE WHEN t.id IS NULL THEN ${params.add(field.default, field.pg)} ELSE ${current} END`
              : current;
        return { field, expr: `CASE WHEN ${provided} THEN ${fromJson(field, source.item!)} ELSE ${fallback} END` };
      });
      const keyFields = (res.naturalKey ?? []).map((k) => getField(res, k));
      const keyCheck = naturalKeyCheck(res, keyFields);
      return {
        source,
        shape: {
          action: "CASE WHEN t.id IS NULL THEN 'create' ELSE 'update' END",
          touched,
          extraChecks: keyCheck ? [keyCheck] : [],
          deleteImage: false,
        },
      };
    }
    case "updateByKey": {
      if (target.kind !== "items") throw new AppError("BAD_REQUEST", "Update by key needs a list of items, each with its natural key.");
      if (!res.naturalKey) throw new AppError("BAD_REQUEST", `${res.label} have no natural key.`);
      const key = res.naturalKey;
      const items = normalizeItems(res, target.items).map((it, i) => ({ ...it, errors: [...missingKeyErrors(res, target.items[i]!), ...it.errors] }));
      const source = itemsSource(res, items, params, true);
      // Only the fields some item names are written (the key is what finds the row, never written);
      // an item that leaves one out keeps the row's value.
      const named = new Set(target.items.flatMap((item) => Object.keys(item)));
      const touched = res.fields
        .filter((f) => !f.readOnly && named.has(f.name) && !key.includes(f.name))
        .map((field) => ({ field, expr: `CASE WHEN (${source.item!}) ? '${field.name}' THEN ${fromJson(field, source.item!)} ELSE t.${ident(field.column)} END` }));
      if (touched.length === 0) throw new AppError("BAD_REQUEST", `Update by key needs a field to set besides the key (${key.join(", ")}).`);
      return { source, shape: update(touched) };
    }
    case "deleteByKey": {
      if (target.kind !== "naturalKeys") throw new AppError("BAD_REQUEST", "Delete by key needs a list of natural keys.");
      if (!res.naturalKey) throw new AppError("BAD_REQUEST", `${res.label} have no natural key.`);
      const items = normalizeItems(res, target.keys, res.naturalKey);
      return { source: itemsSource(res, items, params, true), shape: { action: "'delete'", touched: [], extraChecks: [], deleteImage: true } };
    }
  }
}

/** An after-value as the column will store it: decimals rounded to the field's scale, so the preview shows what is written. */
function storedAs(field: FieldDef, expr: string): string {
  return field.pg === "numeric" && field.scale !== undefined ? `round((${expr})::numeric, ${field.scale})` : `(${expr})`;
}

/**
 * Resolves the targets once and freezes them into `batch_items` — each row's before- and
 * after-values, version and outcome (will change / unchanged / invalid with reasons) — in one
 * set-based statement. Returns the fields the operation writes.
 */
export async function planBatch(
  client: pg.PoolClient,
  args: { batchId: string; res: ResourceDef; target: Target; op: Operation; actor: Actor; now: Date },
): Promise<{ fieldsTouched: string[] }> {
  const { res, actor } = args;
  const params = new Params();
  const { source, shape } = shapeFor(res, args.target, args.op, actor, params, args.now);
  const ownerField = getField(res, res.ownerField);
  const touchedNames = new Set(shape.touched.map((t) => t.field.name));

  const checks: string[] = [...shape.extraChecks];
  if (source.mayRepeat) {
    // Two items on one row would both report the one write as theirs; the first one wins, later ones are invalid.
    checks.push(
      `CASE WHEN row_id IS NOT NULL AND row_number() OVER (PARTITION BY row_id ORDER BY ord) > 1 THEN ${rowError("DUPLICATE_TARGET", null, "An earlier item in this batch already targets this row.")} END`,
    );
  }
  for (const t of shape.touched) checks.push(...fieldChecks(res, t.field));
  if (res.status && args.op.type !== "statusChange" && touchedNames.has(res.status.field)) {
    checks.push(transitionsCheck(getField(res, res.status.field), res.status.transitions));
  }
  if (restrictedToOwnRows(actor.role)) {
    checks.push(...ownershipChecks(ownerField, params.add(actor.id, "text"), touchedNames.has(ownerField.name)));
  }

  // A delete records every field, so a revert can re-create the row.
  const image = shape.deleteImage ? res.fields : [];
  const srcCols = [
    `${source.ord} AS ord`,
    `${source.rowId} AS row_id`,
    `${source.itemIndex} AS item_index`,
    `t.version AS row_version`,
    `${shape.action} AS action`,
    `t.${ident(ownerField.column)} AS owner`,
    `${source.found} AS found`,
    `coalesce(${source.preErrors}, '[]'::jsonb) AS pre_errors`,
    ...shape.touched.flatMap((t) => [`t.${ident(t.field.column)} AS ${before(t.field)}`, `${storedAs(t.field, t.expr)} AS ${after(t.field)}`]),
    ...(shape.deleteImage ? [`CASE WHEN t.id IS NOT NULL THEN ${jsonObject(image, (f) => `t.${ident(f.column)}`)} END AS row_image`] : []),
  ];
  const notFound = rowError("NOT_FOUND", null, `No such ${res.singular}.`);
  const errsExpr = `CASE
      WHEN jsonb_array_length(pre_errors) > 0 THEN ARRAY(SELECT jsonb_array_elements(pre_errors))
      WHEN NOT found AND action <> 'create' THEN ARRAY[${notFound}]
      ELSE array_remove(ARRAY[${checks.length ? checks.join(",\n") : "NULL"}]::jsonb[], NULL) END`;
  const same = shape.touched.length && !shape.deleteImage
    ? `action <> 'create' AND ${shape.touched.map((t) => `${before(t.field)} IS NOT DISTINCT FROM ${after(t.field)}`).join(" AND ")}`
    : "FALSE";
  const beforeJson = shape.deleteImage ? "row_image" : `CASE WHEN found THEN ${jsonObject(shape.touched.map((t) => t.field), before)} END`;
  const afterJson = shape.deleteImage ? "NULL::jsonb" : jsonObject(shape.touched.map((t) => t.field), after);
  const batchParam = params.add(args.batchId, "uuid");

  const sql = `
    WITH src AS (SELECT ${srcCols.join(", ")} FROM ${source.from} WHERE ${source.where}),
    checked AS (SELECT src.*, ${errsExpr} AS errs, (${same}) AS same FROM src)
    INSERT INTO batch_items (batch_id, seq, row_id, item_index, row_version, action, outcome, errors, before, after)
    SELECT ${batchParam}, row_number() OVER (ORDER BY ord), row_id, item_index, row_version, action,
      CASE WHEN cardinality(errs) > 0 THEN 'invalid' WHEN same THEN 'unchanged' ELSE 'will_change' END,
      CASE WHEN cardinality(errs) > 0 THEN to_jsonb(errs) END,
      ${beforeJson}, ${afterJson}
    FROM checked`;
  await client.query(sql, params.values);
  return { fieldsTouched: [...touchedNames] };
}
