import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Seeds 001 and 002 through the real server (server/web/main.ts in front of Next, a real worker):
// the seed's slash-terminated paths answer directly (no 308), and a small write is answered
// synchronously once the worker has run its batch.
test("seed 001's vessel-info calls and seed 002's BulkUpdate answer at the seeds' own paths", async ({ page, baseURL }) => {
  // The writes wait for the worker (up to VESSEL_INFO_WAIT_SECONDS) on a machine that may be busy.
  test.setTimeout(180_000);
  await signIn(page, "admin");
  const headers = { origin: new URL(baseURL!).origin };
  const voyage = `E2E${Date.now()}`;
  const key = { carriercd: "ONE", polCd: "CNSHA", podCd: "USNYC", vessel: "EVER GIVEN", voyage };

  const created = await page.request.post("/api/vessel-info/bulk-create/", { headers, data: { data: [{ ...key, price: 4200.0, gp_20: "10", cut_off_time: "2025-06-10" }] }, maxRedirects: 0 });
  const createdBody = await created.json();
  expect([created.status(), createdBody.message]).toEqual([200, "批量创建完成: 1/1 成功"]);
  expect(createdBody).toMatchObject({ success: true, message: "批量创建完成: 1/1 成功", data: { created: [{ index: 0, success: true, data: { ...key, price: 4200, gp_20: "10" } }] } });

  const updated = await page.request.patch("/api/vessel-info/bulk-update/", { headers, data: { data: [{ ...key, price: 4500.0 }] }, maxRedirects: 0 });
  expect(await updated.json()).toMatchObject({ success: true, data: { updated: [{ index: 0, data: { price: 4500, gp_20: "10" } }] } });

  const queries = encodeURIComponent(JSON.stringify([{ voyage }]));
  const queried = await page.request.get(`/api/vessel-info/bulk-query/?queries=${queries}&fields=id,voyage,price`, { maxRedirects: 0 });
  expect(await queried.json()).toMatchObject({ success: true, data: { count: 1, results: [{ query_index: 0, count: 1, matches: [{ voyage, price: 4500 }] }] } });

  const deleted = await page.request.delete("/api/vessel-info/bulk-delete/", { headers, data: { items: [key] }, maxRedirects: 0 });
  expect(await deleted.json()).toMatchObject({ success: true, message: "批量删除完成: 1/1 成功" });

  const previewed = await page.request.post("/api/doc/resources/products/data/bulk", { headers, data: [{ target: { row: 1, field: "stock" }, value: 42 }], maxRedirects: 0 });
  expect(previewed.status()).toBe(200);
  expect(await previewed.json()).toMatchObject({ success: true, data: { status: "previewed", batches: [{ index: 0, state: "previewed", changes: [{ targetId: 1, data: { stock: 42 } }] }] } });
});
