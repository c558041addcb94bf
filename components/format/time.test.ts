import { describe, expect, it } from "vitest";
import { formatAgo, formatInZone, formatRelative } from "./time";

describe("formatAgo", () => {
  const now = Date.UTC(2026, 0, 12, 14, 0, 0);
  const ago = (ms: number) => formatAgo(new Date(now - ms), now);

  it("says how long ago a worker was seen in the largest sensible unit", () => {
    expect(ago(2_000)).toBe("just now");
    expect(ago(42_000)).toBe("42 s ago");
    expect(ago(5 * 60_000)).toBe("5 min ago");
    expect(ago(3 * 3_600_000)).toBe("3 h ago");
  });

  it("treats clock skew into the future as now", () => {
    expect(ago(-10_000)).toBe("just now");
  });
});

describe("formatRelative", () => {
  const now = Date.UTC(2026, 0, 12, 14, 0, 0);
  const at = (ms: number) => formatRelative(new Date(now + ms), now);

  it("says how far away a next run is, and how long ago a past one was", () => {
    expect(at(2_000)).toBe("now");
    expect(at(42_000)).toBe("in 42 s");
    expect(at(5 * 60_000)).toBe("in 5 min");
    expect(at(3 * 3_600_000)).toBe("in 3 h");
    expect(at(86_400_000)).toBe("in 1 day");
    expect(at(-2 * 86_400_000)).toBe("2 days ago");
  });
});

describe("formatInZone", () => {
  it("shows a moment on the zone's wall clock, across a daylight-saving change", () => {
    // en-GB names zones outside Britain by their offset.
    expect(formatInZone(new Date("2026-03-07T11:00:00Z"), "America/New_York")).toMatch(/^Sat,? 7 Mar 2026, 06:00 GMT-5$/);
    expect(formatInZone(new Date("2026-03-09T10:00:00Z"), "America/New_York")).toMatch(/^Mon,? 9 Mar 2026, 06:00 GMT-4$/);
  });
});
