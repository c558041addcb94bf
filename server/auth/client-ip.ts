import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";

/**
 * The header the web server writes the client's address into, overwriting whatever a client sent;
 * better-auth (sign-in limits, the IP of a session) reads only this header.
 */
export const CLIENT_IP_HEADER = "x-batchdesk-client-ip";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parse(address: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const trimmed = address?.trim().replace(/^\[(.*)\]$/, "$1");
  // process() turns an IPv4-mapped IPv6 address (how Node reports IPv4 peers on a dual-stack socket) into IPv4.
  return trimmed && ipaddr.isValid(trimmed) ? ipaddr.process(trimmed) : null;
}

/** TRUSTED_PROXIES entries (addresses or CIDR ranges) as ranges; the config has already checked them. */
export function trustedRanges(entries: readonly string[]): Range[] {
  return entries.map((e) => (e.includes("/") ? ipaddr.parseCIDR(e) : [ipaddr.process(e), ipaddr.process(e).kind() === "ipv4" ? 32 : 128]));
}

function isTrusted(ip: ipaddr.IPv4 | ipaddr.IPv6, ranges: Range[]): boolean {
  return ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read from the right, past every trusted proxy, to the first address that is not
 * one. Entries left of that are whatever the client wrote and are never believed; so a client talking
 * to us directly cannot choose its address at all. Null only when the socket has no address.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, ranges: Range[]): string | null {
  const peer = parse(remoteAddress);
  if (!peer) return null;
  let client = peer;
  if (isTrusted(peer, ranges)) {
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").filter((h) => h.trim());
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parse(hops[i]);
      // A garbled entry was written by whoever the last trusted proxy heard from; that proxy is the best we know.
      if (!hop) break;
      client = hop;
      if (!isTrusted(hop, ranges)) break;
    }
  }
  return client.toString();
}

/** Writes the client's address into the request's own header (and X-Forwarded-For), replacing what the client sent. */
export function stampClientIp(req: IncomingMessage, ranges: Range[]): void {
  const ip = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], ranges);
  if (ip) {
    req.headers[CLIENT_IP_HEADER] = ip;
    // Nothing downstream should read a client-written chain either (Next keeps one it is sent).
    req.headers["x-forwarded-for"] = ip;
  } else {
    delete req.headers[CLIENT_IP_HEADER];
    delete req.headers["x-forwarded-for"];
  }
}
