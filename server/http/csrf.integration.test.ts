import { beforeAll, describe, expect, it } from "vitest";
import { appOrigin, cookieAs, routeHttp, trpcCode, trpcHttp, trpcMessage } from "../../tests/helpers/http";
import { seedRows } from "../../tests/helpers/seed";
import { tokenOf } from "../../tests/helpers/tokens";
import { MAX_TRPC_BATCH, MAX_TRPC_BODY_BYTES } from "../contracts/transport";

// Requests that change things come from our own pages: a foreign or `null` Origin is refused, and
// tRPC takes JSON only (an HTML form on any site can post multipart or text bodies without CORS).
// Reads (GET) are not checked: a cross-site page cannot read their answers.

let operator = "";
beforeAll(async () => {
  await seedRows({ letters: 5 });
  operator = await cookieAs("operator");
});

const validate = (headers: { origin?: string | null; referer?: string; contentType?: string; cookie?: string }) =>
  trpcHttp({
    path: "batch.validate",
    type: "mutation",
    input: { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "restore" } },
    cookie: headers.cookie ?? operator,
    origin: headers.origin,
    headers: { ...(headers.referer ? { referer: headers.referer } : {}), ...(headers.contentType ? { "content-type": headers.contentType } : {}) },
  });

describe("CSRF: tRPC mutations", () => {
  it("refuse a foreign or null Origin before anything runs", async () => {
    for (const origin of ["https://evil.example", "null", "http://localhost.evil.example", `${appOrigin()}.evil.example`]) {
      const r = await validate({ origin });
      expect([r.status, trpcCode(r)], origin).toEqual([403, "FORBIDDEN"]);
    }
  });

  it("run from the app's own origin, and from TRUSTED_ORIGINS (as better-auth trusts them for sign-in)", async () => {
    const r = await validate({});
    expect(r.status, r.text).toBe(200);
    expect((await validate({ origin: "https://console.example.org" })).status).toBe(403);
    process.env.TRUSTED_ORIGINS = "https://console.example.org";
    try {
      expect((await validate({ origin: "https://console.example.org" })).status).toBe(200);
    } finally {
      delete process.env.TRUSTED_ORIGINS;
    }
  });

  it("refuse a cookie-carrying request with no Origin, unless its Referer is the app's", async () => {
    expect((await validate({ origin: null })).status).toBe(403);
    expect((await validate({ origin: null, referer: "https://evil.example/page" })).status).toBe(403);
    expect((await validate({ origin: null, referer: `${appOrigin()}/resources/letters` })).status).toBe(200);
  });

  it("let a request without Origin and without cookies through to authentication (no ambient credentials to forge)", async () => {
    const r = await validate({ origin: null, cookie: "" });
    expect([r.status, trpcCode(r)]).toEqual([401, "UNAUTHORIZED"]);
  });

  it("refuse form and text bodies where JSON is meant", async () => {
    for (const contentType of ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain"]) {
      const r = await validate({ contentType });
      expect([r.status, trpcCode(r)], contentType).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    }
  });

  it("leave reads alone: a query with a foreign Origin is answered (the browser keeps the answer from that page)", async () => {
    const r = await trpcHttp({ path: "me.get", type: "query", cookie: operator, origin: "https://evil.example" });
    expect(r.status).toBe(200);
  });
});

describe("CSRF: route handlers that change things", () => {
  it("refuse a foreign Origin on POST /api/files/zip before the session or body is read", async () => {
    const zip = await import("../../app/api/files/zip/route");
    const post = (origin: string) =>
      routeHttp(zip, "POST", new Request(`${appOrigin()}/api/files/zip`, { method: "POST", headers: { cookie: operator, origin, "content-type": "application/json" }, body: "{}" }));
    const foreign = await post("https://evil.example");
    expect([foreign.status, foreign.json]).toMatchObject([403, { error: { code: "FORBIDDEN" } }]);
    // From the app, the same request gets as far as its body (which names no files).
    expect((await post(appOrigin())).status).toBe(400);
  });
});

describe("CSRF: API tokens", () => {
  // A bearer token is no ambient credential: no other site can make a browser send it.
  it("let a bearer request without Origin or cookies through, acting as the token", async () => {
    const { token } = await tokenOf("operator", ["batches"]);
    const withToken = await trpcHttp({
      path: "batch.validate",
      type: "mutation",
      input: { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "restore" } },
      origin: null,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.status, withToken.text).toBe(200);
  });

  it("let a bearer request with cookies but no Origin through too: the cookie is not read when there is a token", async () => {
    const { token } = await tokenOf("operator", ["read"]);
    const body = { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "restore" } };
    const r = await trpcHttp({ path: "batch.validate", type: "mutation", input: body, cookie: operator, origin: null, headers: { authorization: `Bearer ${token}` } });
    // Past the origin check, the token (read only) is what is refused — not the operator's session acting.
    expect([r.status, trpcCode(r)], r.text).toEqual([403, "FORBIDDEN"]);
    expect(trpcMessage(r)).toBe(`This token lacks the "batches" scope.`);
  });

  it("still refuse a foreign Origin, token or not", async () => {
    const { token } = await tokenOf("operator", ["batches"]);
    const r = await trpcHttp({
      path: "batch.validate",
      type: "mutation",
      input: { resource: "letters", target: { kind: "ids", ids: [1] }, operation: { type: "restore" } },
      origin: "https://evil.example",
      headers: { authorization: `Bearer ${token}` },
    });
    expect([r.status, trpcCode(r)]).toEqual([403, "FORBIDDEN"]);
    expect(r.text).toContain("Origin is not trusted");
  });
});

describe("tRPC transport limits", () => {
  it(`refuses a batch of more than ${MAX_TRPC_BATCH} calls`, async () => {
    const { GET } = await import("../../app/api/trpc/[trpc]/route");
    const call = (n: number) => {
      const paths = Array.from({ length: n }, () => "me.get").join(",");
      const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: null }]))));
      return GET(new Request(`${appOrigin()}/api/trpc/${paths}?batch=1&input=${input}`, { headers: { cookie: operator } }));
    };
    expect((await call(MAX_TRPC_BATCH)).status).toBe(200);
    expect((await call(MAX_TRPC_BATCH + 1)).status).toBe(400);
  });

  it("refuses a body over the limit, announced or streamed", async () => {
    const { POST } = await import("../../app/api/trpc/[trpc]/route");
    const headers = { cookie: operator, origin: appOrigin(), "content-type": "application/json" };
    const announced = await POST(new Request(`${appOrigin()}/api/trpc/batch.validate`, { method: "POST", headers: { ...headers, "content-length": String(MAX_TRPC_BODY_BYTES + 1) }, body: "{}" }));
    expect(announced.status).toBe(413);
    // Without a length: 1 MiB chunks until past the limit; the handler stops reading and answers 413.
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_TRPC_BODY_BYTES + chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await POST(new Request(`${appOrigin()}/api/trpc/batch.validate`, { method: "POST", headers, body, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
  });
});
