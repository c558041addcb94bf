import { describe, expect, it } from "vitest";
import { trustedOrigins } from "./origins";

describe("trusted sign-in origins", () => {
  it("a loopback APP_URL also trusts its loopback twin, as developer machines and tests reach it both ways", () => {
    expect(trustedOrigins("http://localhost:3000", [])).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
    expect(trustedOrigins("http://127.0.0.1:3100/", [])).toEqual(["http://127.0.0.1:3100", "http://localhost:3100"]);
  });

  it("a public APP_URL trusts only itself and TRUSTED_ORIGINS, no localhost", () => {
    expect(trustedOrigins("https://batchdesk.example.com", ["https://ops.example.com"])).toEqual(["https://batchdesk.example.com", "https://ops.example.com"]);
  });
});
