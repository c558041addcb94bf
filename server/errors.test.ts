import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { AppError, inputIssueError, toHttpError, toTRPCError } from "./errors";

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

  it("maps text PostgreSQL cannot store (NUL: 22021 in text, 22P05 in jsonb) to BAD_REQUEST, from raw SQL and through Prisma's adapter", () => {
    expect(toTRPCError(Object.assign(new Error("invalid byte sequence"), { code: "22021" })).code).toBe("BAD_REQUEST");
    expect(toTRPCError(Object.assign(new Error("unsupported Unicode escape sequence"), { code: "22P05" })).code).toBe("BAD_REQUEST");
    const viaPrisma = new Prisma.PrismaClientKnownRequestError("x", {
      code: "P2039",
      clientVersion: "7",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "22021", originalCode: "22021" } } },
    });
    expect(toHttpError(viaPrisma)).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST", message: expect.stringMatching(/cannot be stored/) } } });
  });

  it("answers an input issue as the field message it is", () => {
    expect(toHttpError(inputIssueError({ path: ["target", "items", 3, "title"], message: "Text cannot contain a NUL character (\\u0000)." }))).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: "target.items.3.title: Text cannot contain a NUL character (\\u0000)." } },
    });
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
