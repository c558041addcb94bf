import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { AppError, toTRPCError } from "./errors";

describe("toTRPCError", () => {
  it("keeps the code and message of a domain error", () => {
    const e = toTRPCError(new AppError("CONFLICT", "Batch already running."));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe("Batch already running.");
  });

  it("maps Prisma's not-found and unique errors", () => {
    const notFound = new Prisma.PrismaClientKnownRequestError("x", { code: "P2025", clientVersion: "7" });
    const unique = new Prisma.PrismaClientKnownRequestError("x", { code: "P2002", clientVersion: "7" });
    expect(toTRPCError(notFound).code).toBe("NOT_FOUND");
    expect(toTRPCError(unique).code).toBe("CONFLICT");
  });

  it("maps PostgreSQL constraint errors from raw SQL", () => {
    expect(toTRPCError(Object.assign(new Error("dup"), { code: "23505" })).code).toBe("CONFLICT");
  });

  it("never passes the text of an unexpected error on", () => {
    const e = toTRPCError(new Error("connection to 10.0.0.5 failed: password authentication"));
    expect(e.code).toBe("INTERNAL_SERVER_ERROR");
    expect(e.message).not.toContain("10.0.0.5");
  });

  it("unwraps tRPC's wrapping of a thrown domain error", () => {
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new AppError("NOT_FOUND", "No such batch.") });
    expect(toTRPCError(wrapped)).toMatchObject({ code: "NOT_FOUND", message: "No such batch." });
  });
});
