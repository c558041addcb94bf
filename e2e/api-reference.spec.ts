import { expect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

// The REST API's reference page: Scalar renders the OpenAPI document inside the console, under the
// console's CSP, without reaching any outside server.

test("the API reference lists the operations of /api/v1, with no CSP violation or outside request", async ({ page }) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  const outside: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname) && url.protocol.startsWith("http")) outside.push(r.url());
  });
  await signIn(page, "operator");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { name: "Batchdesk API" })).toBeVisible({ timeout: 30_000 });
  // Operations are listed by tag in the reference's own sidebar.
  await page.getByText("Batches", { exact: true }).last().click();
  await expect(page.getByText("Validate and commit a batch in one call").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: shot("api-reference"), fullPage: false });
  expect(outside).toEqual([]);
  expect(problems.filter((p) => /Content Security Policy|CSP/.test(p))).toEqual([]);
});
