import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatCount } from "@/components/format/count";
import { formatDateTime } from "@/components/format/time";
import type { FieldMeta } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const MONEY = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const STATUS_TONE: Record<string, BadgeTone> = {
  draft: "neutral",
  generated: "info",
  sent: "violet",
  delivered: "success",
  failed: "danger",
  active: "success",
  inactive: "neutral",
  discontinued: "warning",
  pending: "neutral",
  paid: "info",
  shipped: "violet",
  cancelled: "warning",
  refunded: "warning",
  published: "success",
  hidden: "neutral",
  on_display: "success",
  in_storage: "neutral",
  on_loan: "info",
  downloaded: "success",
  downloading: "info",
};

/** A field value as text (dates in the viewer's time zone, money with two decimals). */
export function formatValue(field: FieldMeta | undefined, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (!field) return typeof value === "object" ? JSON.stringify(value) : String(value);
  // Ids are identifiers, not quantities: no digit grouping.
  if (field.name === "id") return String(value);
  switch (field.type) {
    case "boolean":
      return value === true || value === "true" ? "Yes" : "No";
    case "datetime": {
      const d = value instanceof Date ? value : new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : formatDateTime(d);
    }
    case "date": {
      const d = value instanceof Date ? value : new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : DATE.format(d);
    }
    case "currency":
      return Number.isFinite(Number(value)) ? MONEY.format(Number(value)) : String(value);
    case "number":
      return typeof value === "number" || /^-?\d+$/.test(String(value)) ? formatCount(Number(value)) : String(value);
    case "multiSelect":
      return Array.isArray(value) ? (value.length ? value.join(", ") : "—") : String(value);
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

/** A field value for a table cell: status-like selects as badges, empty values muted. */
export function CellValue({ field, value }: { field: FieldMeta | undefined; value: unknown }) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
    return <span className="text-slate-300">—</span>;
  }
  if (field?.type === "select" && typeof value === "string") {
    return <Badge tone={STATUS_TONE[value] ?? "neutral"}>{value.replace(/_/g, " ")}</Badge>;
  }
  if (field?.type === "multiSelect" && Array.isArray(value)) {
    return (
      <span className="inline-flex gap-1">
        {value.map((v) => (
          <Badge key={String(v)}>{String(v)}</Badge>
        ))}
      </span>
    );
  }
  return <>{formatValue(field, value)}</>;
}
