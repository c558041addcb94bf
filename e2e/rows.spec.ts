import { expect, test } from "@playwright/test";
import { openResource, shot, signIn } from "./fixtures";

test("an admin upserts products from pasted CSV: bad columns are explained, the preview shows the update and the create, commit writes both", async ({ page }) => {
  const sku = `E2E-${Date.now()}`;
  await signIn(page, "admin", "/resources/products");
  await page.getByRole("button", { name: "Rows from CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Rows from CSV: Products" });
  await dialog.getByLabel("Operation").selectOption({ label: "Create or update rows" });
  await expect(dialog).toContainText("Rows are matched by sku");

  // A column the resource does not have is explained before anything is sent.
  await dialog.getByLabel("CSV").fill("sku,colour\nSKU-00000003,red\n");
  await dialog.getByRole("button", { name: "Preview rows" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Unknown column: colour.");
  await expect(page).toHaveURL(/\/resources\/products/);

  await dialog.getByLabel("CSV").fill(`SKU,Name,price,stock,status,tags\nSKU-00000003,,123.45,,,\n${sku},"Lamp, brass",19.90,4,active,sale; eco\n`);
  await page.screenshot({ path: shot("rows-from-csv"), fullPage: true });
  await dialog.getByRole("button", { name: "Preview rows" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByTestId("batch-state")).toHaveText("Preview");
  await expect(page.getByTestId("batch-target")).toHaveText("2 products from a list of rows");
  await expect(page.getByTestId("preview-will-change")).toHaveText("2");
  const items = page.getByRole("table", { name: /Rows in this preview/ });
  await expect(items).toContainText("123.45");
  await expect(items).toContainText("Lamp, brass");
  await page.screenshot({ path: shot("rows-preview"), fullPage: true });

  await page.getByRole("button", { name: "Commit", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: /^Commit 2 changes$/ }).click();
  await expect(page.getByTestId("batch-state")).toHaveText("Completed", { timeout: 60_000 });

  await openResource(page, "products", `q=${sku}`);
  const row = page.getByRole("table").locator("tbody tr[aria-rowindex]");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Lamp, brass");
  await openResource(page, "products", "q=SKU-00000003");
  await expect(page.getByRole("table").locator("tbody tr[aria-rowindex]").first()).toContainText("123.45");
});
