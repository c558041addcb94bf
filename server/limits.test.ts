import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "./errors";
import { checkSize, limitsFor } from "./limits";

afterEach(() => {
  vi.unstubAllEnvs();
});

function errorOf(fn: () => void): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

describe("limitsFor", () => {
  it("has each role's defaults per bucket", () => {
    for (const name of ["BATCH_MAX_ROWS_OPERATOR", "BATCHES_PER_HOUR_OPERATOR", "EXPORT_MAX_ROWS_VIEWER", "EXPORTS_PER_HOUR_VIEWER"]) vi.stubEnv(name, undefined);
    expect(limitsFor("operator", "batches")).toEqual({ maxRows: 50_000, perHour: 60 });
    expect(limitsFor("viewer", "exports")).toEqual({ maxRows: 200_000, perHour: 10 });
  });

  it("reads the role's variables for the bucket at call time", () => {
    vi.stubEnv("EXPORT_MAX_ROWS_OPERATOR", "7");
    vi.stubEnv("EXPORTS_PER_HOUR_OPERATOR", "0");
    expect(limitsFor("operator", "exports")).toEqual({ maxRows: 7, perHour: 0 });
    expect(limitsFor("operator", "batches").maxRows).not.toBe(7);
  });
});

describe("checkSize", () => {
  it("refuses a batch or an export over the role's row limit with the rows and the limit", () => {
    vi.stubEnv("BATCH_MAX_ROWS_OPERATOR", "10");
    const batch = errorOf(() => checkSize("operator", "batches", 11));
    expect(batch.message).toBe("This batch would touch 11 rows; the limit for operators is 10. Narrow the selection.");
    expect(batch.details).toEqual({ code: "ROW_LIMIT_EXCEEDED", rows: 11, limit: 10 });
    expect(() => checkSize("operator", "batches", 10)).not.toThrow();

    const exp = errorOf(() => checkSize("viewer", "exports", 10_000_000));
    expect(exp.message).toBe("This export would have 10,000,000 rows; the limit for viewers is 200,000. Narrow the selection.");
  });

  it("a row limit of 0 shuts the bucket for the role", () => {
    vi.stubEnv("EXPORT_MAX_ROWS_VIEWER", "0");
    const e = errorOf(() => checkSize("viewer", "exports", 1));
    expect(e).toMatchObject({ code: "BAD_REQUEST", message: "Viewers may not start exports (their row limit is 0).", details: { code: "ROW_LIMIT_EXCEEDED", rows: 1, limit: 0 } });
  });
});
