import { beforeAll, describe, expect, it } from "vitest";
import { runExample } from "../../scripts/api-client/example";
import { idsWhere } from "../../tests/helpers/batch";
import { appOrigin, routeHttp } from "../../tests/helpers/http";
import { rest, restCode } from "../../tests/helpers/rest";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { demoActor, tokenOf } from "../../tests/helpers/tokens";
import { waitFor } from "../../tests/helpers/worker-process";
import { pool } from "../db";
import { producer } from "../jobs/boss";
import { revokeToken } from "../tokens/tokens";

// The REST API as scripts call it: with API tokens, their scopes, revocation, and through the client
// generated from the OpenAPI document (scripts/api-client/example.ts, the README's example).

let ownIds: number[] = [];

beforeAll(async () => {
  await producer();
  await seedRows({ letters: 30 });
  ownIds = await idsWhere("letters", "deleted_at IS NULL AND archived_at IS NULL AND owner_id = $1", [await userId("operator")]);
});

const update = (ids: number[]) => ({ resource: "letters", target: { kind: "ids", ids }, operation: { type: "update", changes: [{ field: "title", op: "set", value: "By token" }] } });

describe("REST with API tokens", () => {
  it("acts as the token's owner, within its scopes; a revoked token is refused at once", async () => {
    const { token, id } = await tokenOf("operator", ["read", "batches"]);
    const me = await rest("GET", "/me", { token });
    expect([me.status, (me.json as { kind: string; role: string }).kind]).toEqual([200, "token"]);
    const validated = await rest("POST", "/batches/validate", { token, body: update(ownIds.slice(0, 2)) });
    expect(validated.status, validated.text).toBe(201);

    const readOnly = (await tokenOf("operator", ["read"])).token;
    const refused = await rest("POST", "/batches/validate", { token: readOnly, body: update(ownIds.slice(0, 1)) });
    expect([refused.status, restCode(refused)]).toEqual([403, "FORBIDDEN"]);
    expect((await rest("GET", `/batches/${(validated.json as { id: string }).id}`, { token: readOnly })).status).toBe(200);

    await revokeToken(await demoActor("operator"), id);
    const after = await rest("GET", "/me", { token });
    expect([after.status, restCode(after)]).toEqual([401, "UNAUTHORIZED"]);
  });

  it("needs no Origin for a token (no ambient credential to forge), and audits the batch with the token", async () => {
    const { token, id } = await tokenOf("operator", ["batches"]);
    const r = await rest("POST", "/batches/validate", { token, body: update(ownIds.slice(2, 3)), origin: null });
    expect(r.status, r.text).toBe(201);
    const { rows } = await pool().query<{ actor_via: string | null }>("SELECT actor_via FROM audit_logs WHERE batch_id = $1 ORDER BY at LIMIT 1", [(r.json as { id: string }).id]);
    expect(rows[0]?.actor_via).toBe(`token:${id}`);
  });
});

describe("the generated client (scripts/api-client/example.ts)", () => {
  it("previews, commits and waits for a batch through openapi-fetch", async () => {
    const { token } = await tokenOf("operator", ["read", "batches"]);
    const mod = await import("../../app/api/v1/[...path]/route");
    // openapi-fetch's requests, served by the route module in this process.
    const inProcess = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const req = input instanceof Request ? input : new Request(input, init);
      const segments = new URL(req.url).pathname.slice("/api/v1/".length).split("/").map(decodeURIComponent);
      const handler = mod[req.method as "GET" | "POST"];
      return handler(req, { params: Promise.resolve({ path: segments }) });
    };
    const ids = ownIds.slice(3, 6);
    const running = runExample({ baseUrl: appOrigin(), token, ids, title: "Checked by the example", fetch: inProcess });
    // The script waits (?wait=30) for a worker; this test is the worker.
    const batchId = await waitFor(
      async () => (await pool().query<{ id: string }>("SELECT id FROM batches WHERE state = 'queued' AND target->'ids' = $1::jsonb", [JSON.stringify(ids)])).rows[0]?.id,
      20_000,
      "the example's batch queued",
    );
    await runToEnd(batchId);
    const result = await running;
    expect(result).toEqual({ batchId, planned: 3, willChange: 3, state: "completed", succeeded: 3 });
    const { rows } = await pool().query<{ title: string }>("SELECT title FROM letters WHERE id = ANY($1)", [ids]);
    expect(rows.map((r) => r.title)).toEqual(["Checked by the example", "Checked by the example", "Checked by the example"]);
  });
});

describe("seed 000's execute with a token", () => {
  it("takes a viewer's exports token for an export, and wants the batches scope for a row operation", async () => {
    const { token } = await tokenOf("viewer", ["exports"]);
    const mod = await import("../../app/api/batch/execute/route");
    const call = (body: unknown) =>
      routeHttp(mod, "POST", new Request(new URL("/api/batch/execute", appOrigin()), { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }));
    const exported = await call({ operation: "export", target_type: "letters", target_ids: ownIds.slice(0, 2), operation_data: { export_format: "csv" } });
    expect(exported.status, exported.text).toBeLessThan(300);
    const deleted = await call({ operation: "delete", target_type: "letters", target_ids: ownIds.slice(0, 1), operation_data: { soft_delete: true } });
    expect(deleted.status, deleted.text).toBe(403);
    expect(deleted.text).toContain('lacks the \\"batches\\" scope');
  });
});
