import { describe, expect, it } from "vitest";
import { getField, getResource } from "./registry";
import { coerceValue } from "./values";

const letters = getResource("letters");
const products = getResource("products");
const field = (res: typeof letters, name: string) => getField(res, name);

describe("value coercion", () => {
  it("accepts whole numbers as numbers or digit strings and refuses the rest", () => {
    const stock = field(products, "stock");
    expect(coerceValue(stock, 12)).toEqual({ ok: true, value: 12 });
    expect(coerceValue(stock, "12")).toEqual({ ok: true, value: 12 });
    expect(coerceValue(stock, 1.5)).toEqual({ ok: false, message: "Stock must be a whole number." });
    expect(coerceValue(stock, "twelve").ok).toBe(false);
    expect(coerceValue(stock, 2 ** 31)).toEqual({ ok: false, message: "Stock must be a whole number below 2,147,483,648." });
    // Only decimal notation: Number() alone would read these as 16, 5 and 2.
    expect(coerceValue(stock, "0x10")).toEqual({ ok: false, message: "Stock must be a whole number." });
    expect(coerceValue(stock, "0b101").ok).toBe(false);
    expect(coerceValue(field(products, "price"), "0o2").ok).toBe(false);
    expect(coerceValue(field(products, "price"), "Infinity").ok).toBe(false);
    expect(coerceValue(stock, " 7 ")).toEqual({ ok: true, value: 7 });
    expect(coerceValue(field(products, "price"), "-1.5e2")).toEqual({ ok: true, value: "-150" });
  });

  it("passes decimals to the driver as strings so numeric keeps its precision", () => {
    const price = field(products, "price");
    expect(coerceValue(price, 19.99)).toEqual({ ok: true, value: "19.99" });
    expect(coerceValue(price, "7")).toEqual({ ok: true, value: "7" });
    expect(coerceValue(price, Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(coerceValue(price, { amount: 1 }).ok).toBe(false);
  });

  it("reads booleans from true/false or their text", () => {
    const anonymous = field(letters, "anonymous");
    expect(coerceValue(anonymous, true)).toEqual({ ok: true, value: true });
    expect(coerceValue(anonymous, "false")).toEqual({ ok: true, value: false });
    expect(coerceValue(anonymous, "yes")).toEqual({ ok: false, message: "Anonymous must be true or false." });
  });

  it("turns date text into a Date and refuses what is not a date", () => {
    const created = field(letters, "createdAt");
    const out = coerceValue(created, "2026-01-02T03:04:05Z");
    expect(out.ok && out.value instanceof Date && out.value.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(coerceValue(created, "yesterday-ish")).toEqual({ ok: false, message: "Created must be a valid date." });
    expect(coerceValue(created, 12345).ok).toBe(false);
    // new Date() alone reads "1" as 2001-01-01 and "March 3" as a date in 2001: only ISO 8601 text.
    expect(coerceValue(created, "1")).toEqual({ ok: false, message: "Created must be a valid date." });
    expect(coerceValue(created, "March 3").ok).toBe(false);
    expect(coerceValue(created, "2026-01-02").ok).toBe(true);
    expect(coerceValue(created, "2026-01-02 03:04").ok).toBe(true);
    expect(coerceValue(created, "2026-01-02T03:04:05.123+01:00").ok).toBe(true);
  });

  it("keeps text, turns numbers into text and refuses objects", () => {
    const title = field(letters, "title");
    expect(coerceValue(title, "Hello")).toEqual({ ok: true, value: "Hello" });
    expect(coerceValue(title, 42)).toEqual({ ok: true, value: "42" });
    expect(coerceValue(title, ["a"]).ok).toBe(false);
  });

  it("accepts only lists of text for multi-select fields", () => {
    const tags = field(products, "tags");
    expect(coerceValue(tags, ["sale", "eco"])).toEqual({ ok: true, value: ["sale", "eco"] });
    expect(coerceValue(tags, ["sale", 1]).ok).toBe(false);
    expect(coerceValue(tags, "sale").ok).toBe(false);
  });

  it("reads empty input as no value: null, an empty list, or empty text for NOT NULL text", () => {
    expect(coerceValue(field(letters, "senderName"), "")).toEqual({ ok: true, value: null });
    expect(coerceValue(field(products, "stock"), null)).toEqual({ ok: true, value: null });
    expect(coerceValue(field(products, "tags"), undefined)).toEqual({ ok: true, value: [] });
    expect(coerceValue(getField(getResource("plaza_posts"), "body"), null)).toEqual({ ok: true, value: "" });
  });

  it("accepts durations PostgreSQL reads (ISO 8601, amounts with units, clock times) and refuses other text", () => {
    // No seeded resource has a duration field yet; the type is part of the registry's contract.
    const duration = { name: "handling", column: "handling", label: "Handling time", type: "duration", pg: "interval" } as const;
    for (const v of ["PT1H30M", "P2D", "P1DT12H", "2 hours 30 minutes", "1 day", "45 mins", "01:30", "1:30:15", "-2 hours"]) {
      expect(coerceValue(duration, v), v).toEqual({ ok: true, value: v });
    }
    expect(coerceValue(duration, " 2 hours ")).toEqual({ ok: true, value: "2 hours" });
    expect(coerceValue(duration, 90)).toEqual({ ok: true, value: "90 seconds" });
    for (const v of ["soon", "2 fortnights", "P", "PT", "1:3", "DROP TABLE", true]) {
      expect(coerceValue(duration, v), String(v)).toEqual({ ok: false, message: "Handling time must be a duration such as '2 hours 30 minutes', '01:30' or 'PT1H30M'." });
    }
  });
});
