import type { Condition, FilterGroup } from "../contracts/filter";
import type { ResourceDef } from "../resources/types";
import type { ExportFormat, ExportTarget } from "../contracts/exports";

const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

const valueText = (v: unknown): string => (Array.isArray(v) ? v.slice(0, 3).map(String).join("+") : String(v ?? ""));

function conditionText(c: Condition): string {
  switch (c.op) {
    case "eq":
    case "in":
      return `${c.field}-${valueText(c.value)}`;
    case "isNull":
      return `no-${c.field}`;
    case "isNotNull":
      return `with-${c.field}`;
    default:
      return `${c.field}-${c.op}-${valueText(c.value)}`;
  }
}

function filterText(group: FilterGroup | undefined): string[] {
  if (!group) return [];
  const parts = group.conditions.map((c) => ("combinator" in c ? "filtered" : conditionText(c)));
  return group.combinator === "or" && parts.length > 1 ? ["filtered"] : parts;
}

/**
 * A readable file name: resource, what was selected, UTC date and time, e.g.
 * `letters_status-sent_2026-11-24-1405.csv` or `orders_12-selected_2026-11-24-1405.xlsx`.
 */
export function exportFileName(res: ResourceDef, target: ExportTarget, format: ExportFormat, at: Date): string {
  const parts: string[] = [];
  if (target.kind === "ids") {
    parts.push(`${target.ids.length}-selected`);
  } else {
    const { selection } = target;
    if (selection.scope && selection.scope !== "active") parts.push(selection.scope);
    parts.push(...filterText(selection.filter));
    if (selection.q?.trim()) parts.push(`search-${selection.q.trim()}`);
  }
  const what = parts.length ? slug(parts.join(" ")).slice(0, 60).replace(/-+$/, "") || "filtered" : "all";
  const stamp = at.toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  return `${res.name}_${what}_${stamp}.${format}`;
}
