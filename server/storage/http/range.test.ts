import { describe, expect, it } from "vitest";
import { parseRange } from "./range";

describe("Range headers of a download", () => {
  it("serves one satisfiable range as partial", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "partial", start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=95-200", 100)).toEqual({ kind: "partial", start: 95, end: 99 });
  });

  it("answers 416 only for a valid range past the end", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores an invalid range (last before first) and sends the whole file, as RFC 9110 says", () => {
    expect(parseRange("bytes=5-2", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=0-1,5-9", 100)).toEqual({ kind: "full" });
    expect(parseRange("items=0-1", 100)).toEqual({ kind: "full" });
  });
});
