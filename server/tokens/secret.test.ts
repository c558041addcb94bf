import { describe, expect, it } from "vitest";
import { hashToken, looksLikeToken, newToken } from "./secret";

describe("API token secrets", () => {
  it("are bd_ and 43 base64url characters, shown by their first 11, kept as a SHA-256", () => {
    const { token, prefix, hash } = newToken();
    expect(token).toMatch(/^bd_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(token)).toBe(true);
    expect(prefix).toBe(token.slice(0, 11));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hash);
    expect(hash).not.toContain(token.slice(3));
  });

  it("differ every time", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => newToken().token));
    expect(tokens.size).toBe(200);
  });

  it("are told apart from other strings before any lookup", () => {
    const { token } = newToken();
    for (const v of ["", "bd_", token.slice(0, -1), `${token}x`, token.replace("bd_", "xx_"), `${token.slice(0, -1)}=`, "Bearer " + token]) expect(looksLikeToken(v), v).toBe(false);
  });
});
