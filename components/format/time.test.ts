import { describe, expect, it } from "vitest";
import { formatAgo } from "./time";

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
