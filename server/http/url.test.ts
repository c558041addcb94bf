import { describe, expect, it } from "vitest";
import { decodablePath } from "./url";

describe("decodablePath", () => {
  it("accepts any well-formed path, escapes included, and refuses malformed UTF-8 escapes", () => {
    expect(decodablePath("/api/files/8f1c7e9a-1111-4000-8000-000000000000")).toBe(true);
    expect(decodablePath("/resources/letters/%C3%A9t%C3%A9%20x")).toBe(true);
    expect(decodablePath("/api/files/%00")).toBe(true);
    for (const bad of ["/api/files/%FF", "/api/files/%ED%A0%80", "/api/batches/%E0%A4%A/results", "/x/%"]) expect(decodablePath(bad), bad).toBe(false);
  });
});
