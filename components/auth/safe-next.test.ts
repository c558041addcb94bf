import { describe, expect, it } from "vitest";
import { safeNextPath, signInHref } from "./safe-next";

describe("safeNextPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeNextPath("/resources/letters?page=2")).toBe("/resources/letters?page=2");
  });

  it("refuses anything that could leave the site", () => {
    for (const next of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "evil", ""]) {
      expect(safeNextPath(next)).toBe("/dashboard");
    }
  });

  it("falls back when there is no next or it points back at sign-in or the API", () => {
    expect(safeNextPath(undefined)).toBe("/dashboard");
    expect(safeNextPath(["/a", "/b"])).toBe("/dashboard");
    expect(safeNextPath("/sign-in?next=/x")).toBe("/dashboard");
    expect(safeNextPath("/api/health")).toBe("/dashboard");
  });
});

describe("signInHref", () => {
  it("encodes the return path", () => {
    expect(signInHref("/batches?status=running")).toBe("/sign-in?next=%2Fbatches%3Fstatus%3Drunning");
    expect(signInHref("/dashboard")).toBe("/sign-in");
  });
});
