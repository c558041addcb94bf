import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./network";

describe("isPublicAddress", () => {
  it("accepts public unicast addresses only", () => {
    for (const a of ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888"]) expect(isPublicAddress(a), a).toBe(true);
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::a00:1", "not an ip"]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });
});
