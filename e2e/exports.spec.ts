import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseCsv } from "../tests/helpers/csv";
import { unzip } from "../tests/helpers/unzip";
import { columnFilter, shot, signIn } from "./fixtures";

/** Starts a CSV export of letters with `status` from the dialog and returns its row (the newest, first). */
async function startExport(page: Page, status: string) {
  const rows = page.getByTestId("export-row");
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await expect(rows.first().or(page.getByRole("heading", { name: "No exports yet" }))).toBeVisible();
  const before = await rows.count();
  await page.getByRole("button", { name: "New export" }).click();
  const dialog = page.getByRole("dialog", { name: "New export" });
  await dialog.getByLabel("Resource").selectOption("letters");
  await dialog.getByLabel("Format").selectOption("csv");
  await dialog.getByLabel(status, { exact: true }).check();
  await dialog.getByRole("button", { name: "Start export" }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(before + 1);
  const row = rows.first();
  await expect(row).toContainText(`letters_status-${status}_`);
  return row;
}

test("an operator exports a filtered selection to CSV, watches it finish and downloads it from /exports and as a zip", async ({ page }) => {
  await signIn(page, "operator", "/exports");
  const row = await startExport(page, "sent");
  await expect(row).toContainText(/letters_status-sent_\d{4}-\d{2}-\d{2}-\d{4}\.csv/);
  await expect(row).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  await expect(row.getByText("Ready")).toBeVisible();
  const name = (await row.getByRole("link").first().textContent())!.trim();
  const rowCount = Number((await row.getByTestId("export-rows").textContent())!.replace(/,/g, ""));
  expect(rowCount).toBeGreaterThan(0);

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: `Download ${name}` }).click()]);
  expect(download.suggestedFilename()).toBe(name);
  const [header, ...records] = parseCsv(fs.readFileSync((await download.path())!, "utf8"));
  expect(header).toEqual(expect.arrayContaining(["id", "title", "status"]));
  expect(header).not.toContain("content");
  expect(header).not.toContain("senderName");
  expect(records).toHaveLength(rowCount);
  const status = header!.indexOf("status");
  expect(new Set(records.map((r) => r[status]))).toEqual(new Set(["sent"]));

  // Several files at once: one zip, built while it downloads.
  const second = await startExport(page, "delivered");
  await expect(second).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  await page.getByRole("checkbox", { name: "Select all ready files" }).check();
  const zipButton = page.getByRole("link", { name: /Download selected \(\d+\) as zip/ });
  const [zip] = await Promise.all([page.waitForEvent("download"), zipButton.click()]);
  expect(zip.suggestedFilename()).toMatch(/^batchdesk-exports_\d{4}-\d{2}-\d{2}\.zip$/);
  const entries = unzip(fs.readFileSync((await zip.path())!));
  expect([...entries.keys()]).toContain(name);
  expect([...entries.keys()].some((n) => n.startsWith("letters_status-delivered_"))).toBe(true);
  expect(parseCsv(entries.get(name)!.toString("utf8"))).toHaveLength(rowCount + 1);

  await page.screenshot({ path: "e2e/artifacts/exports.png", fullPage: true });
});

test("the export's batch page shows it completed, and other users cannot download the file", async ({ page, browser }) => {
  await signIn(page, "operator", "/exports");
  const row = await startExport(page, "draft");
  await expect(row).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  const href = (await row.getByRole("link", { name: /^Download / }).getAttribute("href"))!;

  await row.getByRole("link").first().click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Export");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/completed/i);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Download CSV/ }).click()]);
  const csv = fs.readFileSync(await download.path(), "utf8").trim().split("\n");
  expect(csv.length).toBeGreaterThan(1);

  const other = await browser.newPage();
  await signIn(other, "viewer");
  const res = await other.request.get(href);
  expect(res.status()).toBe(404);
  await other.close();
});

test("an operator exports the rows picked in the table and downloads the file from the batch page", async ({ page }) => {
  await signIn(page, "operator", "/resources/products");
  await expect(page.getByRole("table").locator("tbody tr[aria-rowindex]").first()).toBeVisible();
  await page.getByLabel("Select all rows on this page").check();
  const picked = Number((await page.getByTestId("selection-count").innerText()).replace(/\D/g, ""));
  expect(picked).toBeGreaterThan(0);
  await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Export" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Start export" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  const link = page.getByRole("link", { name: /^Download CSV/ });
  await expect(link).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const rows = parseCsv(fs.readFileSync(await download.path(), "utf8"));
  expect(rows.filter((r) => r.some((cell) => cell !== "")).length).toBe(picked + 1); // header + each picked row
});

test("an admin filters the letters table, exports every matching row to CSV, and downloads the same rows from the batch page and from /exports", async ({ page }) => {
  await signIn(page, "admin", "/resources/letters");
  await columnFilter(page, "ID", async (panel) => {
    await panel.getByLabel("Operator").selectOption("lte");
    await panel.getByLabel("ID value").fill("2000");
  });
  await columnFilter(page, "Status", async (panel) => {
    await panel.getByLabel("delivered").check();
  });
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is any of delivered");
  await page.getByLabel("Select all rows on this page").check();
  const selectAll = page.getByRole("button", { name: /^Select all [\d,]+ matching$/ });
  const matching = Number((await selectAll.innerText()).match(/[\d,]+/)![0].replace(/,/g, ""));
  expect(matching).toBeGreaterThan(50);
  await selectAll.click();
  await expect(page.getByTestId("selection-count")).toHaveText(`${matching.toLocaleString("en-US")} selected (all matching)`);

  await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Export" }).click();
  const dialog = page.getByRole("dialog", { name: `Export ${matching.toLocaleString("en-US")} rows` });
  await dialog.getByLabel("Format").selectOption("csv");
  await dialog.getByRole("button", { name: "Start export" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("batch-target")).toContainText(`${matching.toLocaleString("en-US")} letters matching a filter`);
  const link = page.getByRole("link", { name: /^Download CSV/ });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("batch-state")).toHaveText("Completed");
  await page.screenshot({ path: shot("export-filtered-done"), fullPage: true });

  const [fromBatch] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(fromBatch.suggestedFilename()).toMatch(/^letters_.*\.csv$/);
  const batchBytes = fs.readFileSync(await fromBatch.path());
  const [header, ...records] = parseCsv(batchBytes.toString("utf8"));
  const col = (name: string) => header!.indexOf(name);
  expect(col("status")).toBeGreaterThanOrEqual(0);
  expect(records).toHaveLength(matching);
  for (const r of records) {
    expect(r[col("status")]).toBe("delivered");
    expect(Number(r[col("id")])).toBeLessThanOrEqual(2000);
  }
  expect(new Set(records.map((r) => r[col("id")])).size).toBe(matching);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
  const row = page.getByTestId("export-row").filter({ hasText: fromBatch.suggestedFilename() });
  await expect(row).toHaveAttribute("data-status", "ready");
  await expect(row.getByTestId("export-rows")).toHaveText(matching.toLocaleString("en-US"));
  const [fromList] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: `Download ${fromBatch.suggestedFilename()}` }).click()]);
  expect(fs.readFileSync(await fromList.path()).equals(batchBytes)).toBe(true);
});
