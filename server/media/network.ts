import dns from "node:dns";
import type { LookupFunction } from "node:net";
import net from "node:net";
import ipaddr from "ipaddr.js";
import type { Readable } from "node:stream";
import { Agent, request } from "undici";
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
const refused = (host: string, allowSetting: string) =>
  new SourceRefused(`${host} resolves to a private or reserved address; set ${allowSetting}=true to ${allowSetting.startsWith("WEBHOOK") ? "deliver to" : "fetch from"} it.`);

/**
 * DNS lookup for outgoing connections that refuses any answer outside the public internet, so a
 * name cannot lead to an internal address. Checked at connect time, the address the socket uses is
 * the one checked (no second lookup to rebind).
 */
const publicOnlyLookup = (allowSetting: string): LookupFunction => (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(refused(hostname, allowSetting), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

const publicOnly = new Agent({ connect: { lookup: publicOnlyLookup("MEDIA_FETCH_ALLOW_PRIVATE") } });
const publicOnlyWebhooks = new Agent({ connect: { lookup: publicOnlyLookup("WEBHOOK_ALLOW_PRIVATE") } });

function checkUrl(url: URL, allowPrivate: boolean, allowSetting = "MEDIA_FETCH_ALLOW_PRIVATE"): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new SourceRefused("Only http and https URLs can be fetched.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address written into the URL never goes through the lookup: check it here.
  if (!allowPrivate && net.isIP(host) && !isPublicAddress(host)) {
    throw new SourceRefused(`${host} is a private or reserved address; set ${allowSetting}=true to ${allowSetting.startsWith("WEBHOOK") ? "deliver to" : "fetch from"} it.`);
  }
}

/** Drops a body the fetch will not read (its connection is closed rather than drained). */
export function discard(body: Readable): void {
  body.destroy();
}

/** A source's answer: status, headers (by lower-case name; repeated ones joined) and the body as sent. */
export type SourceResponse = { status: number; header: (name: string) => string | null; body: Readable };

function answer(status: number, headers: Record<string, string | string[] | undefined>, body: Readable): SourceResponse {
  // undici reports an abort (a cancel, a watchdog, a discarded body) as an error on the body, even
  // after the reader stopped listening; unheard, that error would crash the worker. Readers still
  // get every error through their own pipeline.
  body.on("error", () => {});
  return {
    status,
    body,
    header: (name) => {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * GET `url`, following up to five redirects one by one so every hop is checked: only http(s), and
 * unless private sources are allowed, only hosts on the public internet. It asks for the file as
 * is (`Accept-Encoding: identity`) and hands back the body exactly as the server sent it, still
 * encoded if the server encoded it anyway: the caller checks those bytes against Content-Length
 * and decodes them itself (fetch() would decode behind its back and leave a length that no longer
 * matches).
 */
export async function fetchSource(url: URL, signal: AbortSignal): Promise<SourceResponse> {
  const allowPrivate = allowPrivateSources();
  let current = url;
  for (let hop = 0; ; hop++) {
    checkUrl(current, allowPrivate);
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(current, { method: "GET", signal, headers: { "accept-encoding": "identity" }, ...(allowPrivate ? {} : { dispatcher: publicOnly }) });
    } catch (err) {
      // The lookup's refusal may arrive as the connection's error or as its cause.
      const cause = err instanceof Error ? err.cause : undefined;
      throw err instanceof SourceRefused ? err : cause instanceof SourceRefused ? cause : err;
    }
    const location = res.statusCode >= 300 && res.statusCode < 400 ? res.headers.location : undefined;
    const answered = answer(res.statusCode, res.headers, res.body);
    if (!location) return answered;
    discard(answered.body);
    if (hop >= MAX_REDIRECTS) throw new SourceRefused(`The source redirected more than ${MAX_REDIRECTS} times.`);
    current = new URL(Array.isArray(location) ? location[0]! : location, current);
  }
}

/** A receiver's answer to a POST: its status and the first `maxBytes` of its body as text. */
export type PostAnswer = { status: number; text: string };

/**
 * POSTs `body` to `url` once under the same guard as `fetchSource` (WEBHOOK_ALLOW_PRIVATE decides
 * about private addresses). Redirects are not followed: a 3xx is the answer, so a receiver cannot
 * bounce a signed request to an address the guard would have refused.
 */
export async function postGuarded(url: URL, opts: { headers: Record<string, string>; body: string; signal: AbortSignal; maxBytes: number }): Promise<PostAnswer> {
  const allowPrivate = setting("WEBHOOK_ALLOW_PRIVATE");
  checkUrl(url, allowPrivate, "WEBHOOK_ALLOW_PRIVATE");
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, { method: "POST", signal: opts.signal, headers: opts.headers, body: opts.body, ...(allowPrivate ? {} : { dispatcher: publicOnlyWebhooks }) });
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    throw err instanceof SourceRefused ? err : cause instanceof SourceRefused ? cause : err;
  }
  res.body.on("error", () => {});
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= opts.maxBytes) break;
  }
  if (size >= opts.maxBytes) res.body.destroy();
  return { status: res.statusCode, text: Buffer.concat(chunks).subarray(0, opts.maxBytes).toString("utf8") };
}
