import { describe, expect, it } from "vitest";
import { withoutSeedTrailingSlash } from "./seed-paths";

describe("seed paths", () => {
  it("drops the trailing slash of a seed's path, keeping its query", () => {
    expect(withoutSeedTrailingSlash("/api/vessel-info/bulk-create/")).toBe("/api/vessel-info/bulk-create");
    expect(withoutSeedTrailingSlash("/api/vessel-info/bulk-query/?queries=%5B%5D&page=2")).toBe("/api/vessel-info/bulk-query?queries=%5B%5D&page=2");
  });

  it("leaves every other path as it is", () => {
    for (const url of ["/api/vessel-info/", "/batches/", "/api/trpc/batch.list?input=/x/", "/api/vessel-info/bulk-create", "/"]) expect(withoutSeedTrailingSlash(url)).toBe(url);
  });
});
