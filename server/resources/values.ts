import type { FieldDef } from "./types";

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (field: FieldDef, expected: string): Coerced => ({ ok: false, message: `${field.label} must be ${expected}.` });

// The duration forms PostgreSQL's interval input accepts that people write: ISO 8601 ("P1DT2H"),
// amounts with units ("2 hours 30 minutes") and clock times ("01:30", "1:30:15").
const ISO_DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/i;
const UNIT_DURATION = /^(-?\d+(\.\d+)?\s*(years?|months?|mons?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|milliseconds?|ms)\s*)+$/i;
const CLOCK_DURATION = /^-?\d+:\d{2}(:\d{2}(\.\d+)?)?$/;
const isDuration = (v: string) => ISO_DURATION.test(v) || UNIT_DURATION.test(v) || CLOCK_DURATION.test(v);

// Decimal notation only: Number() alone also reads "0x10" as 16, "0b1" as 1 and "Infinity".
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/** A number written in decimal, or NaN (so the caller refuses it). */
function decimalText(raw: string): number {
  const t = raw.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}

/**
 * Checks a client-supplied value against a field's type and converts it to what the pg driver binds
 * (numbers as strings for numeric, Dates for timestamps). Constraints (min, max, options…) are checked
 * later, against the row's after-value, by the planner.
 */
export function coerceValue(field: FieldDef, raw: unknown): Coerced {
  if (raw === null || raw === undefined || raw === "") {
    if (field.pg === "text[]") return ok([]);
    return field.pg === "text" && field.notNull ? ok("") : ok(null);
  }
  switch (field.pg) {
    case "text": {
      if (typeof raw === "number" || typeof raw === "boolean") return ok(String(raw));
      return typeof raw === "string" ? ok(raw) : bad(field, "text");
    }
    case "int4":
    case "int8": {
      const n = typeof raw === "string" ? decimalText(raw) : raw;
      if (typeof n !== "number" || !Number.isInteger(n)) return bad(field, "a whole number");
      if (field.pg === "int4" && Math.abs(n) > 2147483647) return bad(field, "a whole number below 2,147,483,648");
      return ok(n);
    }
    case "numeric": {
      const n = typeof raw === "string" ? decimalText(raw) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) return bad(field, "a number");
      return ok(String(n));
    }
    case "bool": {
      if (typeof raw === "boolean") return ok(raw);
      if (raw === "true" || raw === "false") return ok(raw === "true");
      return bad(field, "true or false");
    }
    case "timestamptz":
    case "date": {
      if (typeof raw !== "string" && !(raw instanceof Date)) return bad(field, "a date");
      // Text must be ISO 8601 (2026-01-02, 2026-01-02T03:04:05Z): new Date() alone takes "1" as 2001.
      if (typeof raw === "string" && !ISO_DATE.test(raw.trim())) return bad(field, "a valid date");
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? bad(field, "a valid date") : ok(d);
    }
    case "text[]": {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== "string")) return bad(field, "a list of text values");
      return ok(raw);
    }
    case "interval": {
      if (typeof raw === "number" && Number.isFinite(raw)) return ok(`${raw} seconds`);
      return typeof raw === "string" && isDuration(raw.trim()) ? ok(raw.trim()) : bad(field, "a duration such as '2 hours 30 minutes', '01:30' or 'PT1H30M'");
    }
  }
}
