import dns from "node:dns";
import type { LookupFunction } from "node:net";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, fetch, type Response } from "undici";
import { setting } from "../config";

/** A source the fetch refuses to contact; its message is shown to the user as is. */
export class SourceRefused extends Error {}

const MAX_REDIRECTS = 5;

/**
 * Whether sources on private networks (loopback, RFC 1918, link-local, unique-local, …) may be
 * fetched. Off by default: a URL in a media row must not make the worker reach the database, a
 * cloud metadata endpoint or other internal services. Turn on (MEDIA_FETCH_ALLOW_PRIVATE=true) when
 * the files live on an intranet.
 */
export function allowPrivateSources(): boolean {
  return setting("MEDIA_FETCH_ALLOW_PRIVATE");
}

/** True for addresses on the public internet; IPv4-mapped IPv6 is judged as the IPv4 it maps. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  // Deprecated IPv4-compatible forms (::a.b.c.d) are not routed; ipaddr.js calls some "unicast".
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) return false;
  return ipaddr.process(address).range() === "unicast";
}

// The address itself stays out of the message: it would tell users how internal names resolve.
const refused = (host: string) =>
  new SourceRefused(`${host} resolves to a private or reserved address; set MEDIA_FETCH_ALLOW_PRIVATE=true to fetch from it.`);

/**
 * DNS lookup for outgoing connections that refuses any answer outside the public internet, so a
 * name cannot lead to an internal address. Checked at connect time, the address the socket uses is
 * the one checked (no second lookup to rebind).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(refused(hostname), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

const publicOnly = new Agent({ connect: { lookup: publicOnlyLookup } });

function checkUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new SourceRefused("Only http and https URLs can be fetched.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address written into the URL never goes through the lookup: check it here.
  if (!allowPrivate && net.isIP(host) && !isPublicAddress(host)) {
    throw new SourceRefused(`${host} is a private or reserved address; set MEDIA_FETCH_ALLOW_PRIVATE=true to fetch from it.`);
  }
}

/**
 * GET `url`, following up to five redirects one by one so every hop is checked: only http(s), and
 * unless private sources are allowed, only hosts on the public internet.
 */
export async function fetchSource(url: URL, signal: AbortSignal): Promise<Response> {
  const allowPrivate = allowPrivateSources();
  let current = url;
  for (let hop = 0; ; hop++) {
    checkUrl(current, allowPrivate);
    let res: Response;
    try {
      res = await fetch(current, { signal, redirect: "manual", ...(allowPrivate ? {} : { dispatcher: publicOnly }) });
    } catch (err) {
      // The lookup's refusal arrives wrapped in undici's "fetch failed".
      const cause = err instanceof Error ? err.cause : undefined;
      throw cause instanceof SourceRefused ? cause : err;
    }
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (!location) return res;
    await res.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) throw new SourceRefused(`The source redirected more than ${MAX_REDIRECTS} times.`);
    current = new URL(location, current);
  }
}
