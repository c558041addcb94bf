import { formatCount } from "@/components/format/count";
import { OPERATION_LABEL } from "./operations";
import { SPREADSHEET_FORMATS } from "@/server/contracts/exports";
import type { Scope } from "@/server/contracts/filter";
import type { BatchSummary } from "./types";

type Op = BatchSummary["operation"];
type Target = BatchSummary["target"];
type Change = Extract<Op, { type: "update" }>["changes"][number];

const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(", ") : "nothing") : v === null || v === undefined || v === "" ? "empty" : String(v));

function describeChange(c: Change, label: (f: string) => string): string {
  const f = label(c.field);
  switch (c.op) {
    case "set":
      return `set ${f} to ${show(c.value)}`;
    case "clear":
      return `clear ${f}`;
    case "increment":
      return `increase ${f} by ${c.by}`;
    case "decrement":
      return `decrease ${f} by ${c.by}`;
    case "multiply":
      return `multiply ${f} by ${c.by}`;
    case "addOption":
      return `add "${c.value}" to ${f}`;
    case "removeOption":
      return `remove "${c.value}" from ${f}`;
    case "replace":
      return `replace "${c.find}" with "${c.replaceWith}" in ${f}`;
  }
}

/** An operation in a sentence: "Change status to sent (forced)", "Set Price to 10, clear Tags". */
export function describeOperation(op: Op, label: (field: string) => string = (f) => f): string {
  switch (op.type) {
    case "update": {
      const text = op.changes.map((c) => describeChange(c, label)).join("; ");
      return text ? text.charAt(0).toUpperCase() + text.slice(1) : "Edit fields";
    }
    case "statusChange":
      return `Change status to ${show(op.to).replace(/_/g, " ")}${op.force ? " (forced)" : ""}`;
    case "archive":
      return `Archive${op.location ? ` to ${op.location}` : ""}`;
    case "export": {
      const fields = op.fields.length;
      const formulas = SPREADSHEET_FORMATS.includes(op.format) ? (op.escapeFormulas ? ", formulas kept as text" : ", formulas not escaped") : "";
      return `Write ${fields} ${fields === 1 ? "field" : "fields"} of each row to ${op.format.toUpperCase()}${op.includeSensitive ? ", sensitive fields included" : ""}${formulas}`;
    }
    case "fetch":
      return `Download each file's source URL into storage, ${op.concurrency} at a time${op.force ? ", again for files already there" : ""}`;
    case "updatePerRow":
      return `Set ${label(op.field)} per row`;
    case "revert":
      return op.rowId === undefined ? "Put back the values an earlier batch changed" : `Put back row ${op.rowId}'s values from an earlier batch`;
    default:
      return OPERATION_LABEL[op.type];
  }
}

/** What the batch acts on, in words. */
export function describeTarget(target: Target, total: number, noun: string): string {
  const n = `${formatCount(total)} ${noun}`;
  switch (target.kind) {
    case "ids":
      return `${n} picked by hand`;
    case "filter": {
      const excluded = target.excluded;
      const sel = target.selection;
      const scope: Record<Scope, string> = { active: "(all active)", archived: "(all archived)", deleted: "(all in the trash)", all: "(every row)" };
      const how = sel.filter || sel.q ? "matching a filter" : scope[sel.scope];
      return `${n} ${how}${excluded ? `, less ${formatCount(excluded)} deselected` : ""}`;
    }
    case "naturalKeys":
      return `${n} by key`;
    case "items":
      return `${n} from a list of rows`;
    case "batch":
      return `${n} changed by an earlier batch`;
  }
}

/** "2 min 5 s", "48 s", "1 h 3 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
