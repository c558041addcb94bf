import { beforeAll, describe, expect, it } from "vitest";
import { rest, restCode } from "../../tests/helpers/rest";
import { seedRows } from "../../tests/helpers/seed";
import { tokenOf } from "../../tests/helpers/tokens";

// Seed 003's POST /api/v1/batch/webhooks (and its list) with API tokens.

beforeAll(async () => {
  await seedRows({ letters: 5 });
});

describe("seed 003: /api/v1/batch/webhooks", () => {
  it("registers a webhook, answers its secret once, and lists it without", async () => {
    const { token } = await tokenOf("operator", ["batches", "read"], { name: "webhooks" });
    const r = await rest("POST", "/batch/webhooks", { token, body: { webhook: { url: "https://hooks.example.com/in", events: ["job_completed", "job_failed"] } } });
    expect(r.status).toBe(201);
    const data = (r.json as { data: { webhook_id: string; secret: string; events: string[]; global: boolean; enabled: boolean } }).data;
    expect(data).toMatchObject({ events: ["job_completed", "job_failed"], global: false, enabled: true });
    expect(data.secret).toMatch(/^whsec_/);
    const list = await rest("GET", "/batch/webhooks", { token });
    expect(list.status).toBe(200);
    const hooks = (list.json as { data: { webhooks: { webhook_id: string }[] } }).data.webhooks;
    expect(hooks.map((h) => h.webhook_id)).toEqual([data.webhook_id]);
    expect(list.text).not.toContain(data.secret);
  });

  it("refuses a bad body with 400 INVALID_WEBHOOK and the fields at fault, and global webhooks to non-admins and to tokens without the admin scope", async () => {
    const { token } = await tokenOf("operator", ["batches"], { name: "webhooks bad" });
    const bad = await rest("POST", "/batch/webhooks", { token, body: { webhook: { url: "ftp://x", events: ["nope"] } } });
    expect(bad.status).toBe(400);
    expect(restCode(bad)).toBe("INVALID_WEBHOOK");
    const fields = (bad.json as { error: { details: { field: string }[] } }).error.details.map((d) => d.field).sort();
    expect(fields).toEqual(["webhook.events.0", "webhook.url"]);
    const global = { webhook: { url: "https://hooks.example.com/all", events: ["job_failed"], global: true } };
    expect((await rest("POST", "/batch/webhooks", { token, body: global })).status).toBe(403);
    const admin = await tokenOf("admin", ["batches"], { name: "admin narrow" });
    expect((await rest("POST", "/batch/webhooks", { token: admin.token, body: global })).status).toBe(403);
    const wide = await tokenOf("admin", ["admin"], { name: "admin wide" });
    expect((await rest("POST", "/batch/webhooks", { token: wide.token, body: global })).status).toBe(201);
  });
});
