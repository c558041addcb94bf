import { setting } from "../config";

/** Served over https: what HSTS and upgrade-insecure-requests depend on (APP_URL, read per request). */
export const servedOverHttps = (): boolean => new URL(setting("APP_URL")).protocol === "https:";

/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next puts
 * it on its own scripts, read from the request's copy of this header) or when loaded by one of them
 * ('strict-dynamic'); nothing may frame a page. Styles allow inline ones: Radix positions popovers
 * and the charts size themselves with style attributes, which nonces cannot cover, and a style
 * cannot run code. Development adds 'unsafe-eval', which React's dev tooling needs.
 */
export function pagePolicy(nonce: string, opts: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** API responses are data, never documents: nothing loads from them, nothing frames them. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** A year of https-only; without includeSubDomains, which could break other hosts of a self-hosted domain. */
export const HSTS = "max-age=31536000";

/** A fresh nonce per response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
