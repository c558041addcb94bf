import { describe, expect, it } from "vitest";
import { clientIp, trustedRanges } from "./client-ip";

describe("the client's address", () => {
  const none = trustedRanges([]);
  const proxies = trustedRanges(["10.0.0.0/8", "::1"]);

  it("is the socket's peer for a direct client, whatever X-Forwarded-For it sends", () => {
    expect(clientIp("198.51.100.7", undefined, none)).toBe("198.51.100.7");
    expect(clientIp("198.51.100.7", "203.0.113.9", none)).toBe("198.51.100.7");
    expect(clientIp("198.51.100.7", ["203.0.113.9", "10.0.0.1"], proxies)).toBe("198.51.100.7");
  });

  it("reports an IPv4 peer on a dual-stack socket as IPv4", () => {
    expect(clientIp("::ffff:198.51.100.7", undefined, none)).toBe("198.51.100.7");
  });

  it("behind trusted proxies, is the first X-Forwarded-For entry from the right that is not one of them", () => {
    expect(clientIp("10.1.2.3", "203.0.113.9", proxies)).toBe("203.0.113.9");
    expect(clientIp("::1", "203.0.113.9, 10.0.0.5", proxies)).toBe("203.0.113.9");
    // The client prepended its own entry; the proxy appended the real address.
    expect(clientIp("10.1.2.3", "1.2.3.4, 203.0.113.9", proxies)).toBe("203.0.113.9");
  });

  it("stays the proxy's address when the chain is missing or garbled", () => {
    expect(clientIp("10.1.2.3", undefined, proxies)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "not-an-ip", proxies)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "203.0.113.9, garbage, 10.0.0.5", proxies)).toBe("10.0.0.5");
  });

  it("is null only without a socket address", () => {
    expect(clientIp(undefined, "203.0.113.9", proxies)).toBeNull();
  });
});
