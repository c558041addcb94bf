import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { checkExportRows } from "./limits";

describe("checkExportRows", () => {
  it("refuses an XLSX export longer than a sheet before anything runs, and lets other formats through", () => {
    let error: unknown;
    try {
      checkExportRows("admin", 2_000_000, "xlsx");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "An XLSX sheet holds at most 1,048,575 rows and this export has 2,000,000. Export it as CSV or JSONL, or narrow the selection.",
    );
    expect(() => checkExportRows("admin", 1_048_575, "xlsx")).not.toThrow();
    expect(() => checkExportRows("admin", 2_000_000, "csv")).not.toThrow();
  });

  it("refuses an empty selection and one over the role's row limit", () => {
    expect(() => checkExportRows("admin", 0, "csv")).toThrow("Nothing to export: no rows match this selection.");
    expect(() => checkExportRows("viewer", 10_000_000, "csv")).toThrow(/the limit for viewers is/);
  });
});
