import { expect, test, type Page } from "@playwright/test";
import { openResource, shot, signIn } from "./fixtures";

const bodyRows = (page: Page) => page.getByRole("table").locator("tbody tr[aria-rowindex]");
const pagination = (page: Page) => page.getByRole("navigation", { name: "Pagination" });
const headers = (page: Page) => page.getByRole("table").locator("thead th");
/** Waits until the rows on screen are the answer to the current URL (the previous ones stay while loading). */
const settled = (page: Page) => expect(page.getByRole("table").locator("..")).toHaveAttribute("aria-busy", "false");

test.describe("resource table", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "admin", "/resources/letters");
    await expect(bodyRows(page).first()).toBeVisible();
  });

  test("paging, sorting and filters live in the URL; a filter change goes back to page 1; Back undoes it", async ({ page }) => {
    await pagination(page).getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(pagination(page)).toContainText("51–100 of");

    await page.getByRole("button", { name: "Title", exact: true }).click();
    await expect(page).toHaveURL(/[?&]sort=title\.asc/);
    await expect(page.getByRole("columnheader", { name: /Title/ })).toHaveAttribute("aria-sort", "ascending");
    await settled(page);
    // Collations differ between the database and JavaScript; the initials are enough to see the order.
    // Polled: the sorted page replaces the previous one once its query answers.
    await expect
      .poll(async () => {
        const titles = await bodyRows(page).locator("td:nth-child(3)").allInnerTexts();
        return titles.length > 0 && titles[0]!.charAt(0).toLowerCase() <= titles[titles.length - 1]!.charAt(0).toLowerCase();
      })
      .toBe(true);

    await pagination(page).getByRole("button", { name: "Next page" }).click();
    await pagination(page).getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]page=3/);
    await page.getByRole("button", { name: /^Filter Status/ }).click();
    await page.getByRole("dialog", { name: "Filter Status" }).getByLabel("delivered").check();
    await page.getByRole("dialog", { name: "Filter Status" }).getByRole("button", { name: "Apply" }).click();
    await expect(page).not.toHaveURL(/[?&]page=/);
    await settled(page);
    await expect(pagination(page)).toContainText("1–50 of");
    for (const status of await bodyRows(page).locator("td:nth-child(4)").allInnerTexts()) expect(status).toBe("delivered");

    // A shared link opens the same view.
    await page.reload();
    await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is any of delivered");
    await expect(page.getByRole("columnheader", { name: /Title/ })).toHaveAttribute("aria-sort", "ascending");

    await page.goBack();
    await expect(page).toHaveURL(/[?&]page=3/);
    await expect(page.getByRole("list", { name: "Active filters" })).toHaveCount(0);
    await expect(pagination(page)).toContainText("101–150 of");
  });

  test("columns can be hidden and reordered and rows made compact; the view survives a reload", async ({ page }) => {
    await expect(headers(page).filter({ hasText: "Sender" })).toHaveCount(1);
    await page.getByRole("button", { name: "Columns" }).click();
    const panel = page.getByRole("dialog", { name: "Columns" });
    await panel.getByLabel("Sender", { exact: true }).uncheck();
    // Content (hidden by default) sits between Title and Status in the list.
    await panel.getByRole("button", { name: "Move Status up" }).click();
    await panel.getByRole("button", { name: "Move Status up" }).click();
    await page.keyboard.press("Escape");
    await expect(headers(page).filter({ hasText: "Sender" })).toHaveCount(0);
    const order = (await headers(page).allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    expect(order.indexOf("Status")).toBeLessThan(order.indexOf("Title"));

    await page.getByRole("radio", { name: "Compact rows" }).click();
    await expect(page).toHaveURL(/density=compact/);
    await page.reload();
    await expect(bodyRows(page).first()).toBeVisible();
    await expect(headers(page).filter({ hasText: "Sender" })).toHaveCount(0);
    await expect(page.getByRole("radio", { name: "Compact rows" })).toHaveAttribute("aria-checked", "true");
    const compact = await bodyRows(page).first().evaluate((tr) => tr.getBoundingClientRect().height);
    expect(compact).toBeLessThan(38);

    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("dialog", { name: "Columns" }).getByRole("button", { name: "Reset" }).click();
    await expect(headers(page).filter({ hasText: "Sender" })).toHaveCount(1);
  });

  test("the filter builder combines conditions in and/or groups", async ({ page }) => {
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    const builder = page.getByRole("dialog", { name: "Filter builder" });
    await builder.getByLabel("Field").first().selectOption("status");
    await builder.getByLabel("draft").check();
    await builder.getByRole("button", { name: "Add group" }).click();
    const group = builder.getByRole("group", { name: "Condition group" });
    await expect(group.getByLabel("Match all or any")).toHaveValue("or");
    await group.getByLabel("Field").selectOption("id");
    await group.getByLabel("Operator").selectOption("lte");
    await group.getByLabel("ID value").fill("20");
    await group.getByRole("button", { name: "Add condition" }).click();
    await group.getByLabel("Field").nth(1).selectOption("id");
    await group.getByLabel("Operator").nth(1).selectOption("gte");
    await group.getByLabel("ID value").nth(1).fill("4990");
    await page.screenshot({ path: shot("filter-builder") });
    await builder.getByRole("button", { name: "Apply filter" }).click();

    await expect(page.getByRole("list", { name: "Active filters" })).toContainText("All of 3 conditions");
    await settled(page);
    await expect(bodyRows(page).first()).toBeVisible();
    const ids = (await bodyRows(page).locator("td:nth-child(2)").allInnerTexts()).map(Number);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id <= 20 || id >= 4990).toBe(true);
    for (const status of await bodyRows(page).locator("td:nth-child(4)").allInnerTexts()) expect(status).toBe("draft");

    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page.getByRole("list", { name: "Active filters" })).toHaveCount(0);
  });

  test("selection survives paging, shift-click selects a range, and a filter change clears it with a notice", async ({ page }) => {
    const ids = await bodyRows(page).locator("td:nth-child(2)").allInnerTexts();
    await page.getByLabel(`Select row ${ids[2]}`, { exact: true }).check();
    await page.getByLabel(`Select row ${ids[6]}`, { exact: true }).click({ modifiers: ["Shift"] });
    await expect(page.getByTestId("selection-count")).toHaveText("5 selected");
    for (const id of ids.slice(2, 7)) await expect(page.getByLabel(`Select row ${id}`, { exact: true })).toBeChecked();

    await pagination(page).getByRole("button", { name: "Next page" }).click();
    await expect(pagination(page)).toContainText("51–100 of");
    await settled(page);
    await page.getByRole("checkbox", { name: /^Select row / }).first().check();
    await expect(page.getByTestId("selection-count")).toHaveText("6 selected");
    await pagination(page).getByRole("button", { name: "Previous page" }).click();
    await expect(page.getByLabel(`Select row ${ids[4]}`, { exact: true })).toBeChecked();
    expect(page.url()).not.toContain(ids[4]);
    await page.screenshot({ path: shot("table-selection"), fullPage: true });

    await page.getByLabel("Search letters").fill("a");
    await expect(page.getByText("The filter changed, so the selection was cleared.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Bulk actions" })).toHaveCount(0);
  });

  test("a search with no match says so and offers to clear it", async ({ page }) => {
    await page.getByLabel("Search letters").fill("no-such-letter-zzz");
    await expect(page.getByText("No rows match these filters")).toBeVisible();
    await expect(pagination(page)).toContainText("No rows");
    await page.getByRole("table").getByRole("button", { name: "Clear filters" }).click();
    await expect(bodyRows(page).first()).toBeVisible();
    await expect(page.getByLabel("Search letters")).toHaveValue("");
  });

  test("a 500-row page renders only the rows in view", async ({ page }) => {
    await pagination(page).getByLabel("Rows per page").selectOption("500");
    await expect(pagination(page)).toContainText("1–500 of");
    const scroller = page.getByRole("table").locator("..");
    await expect(scroller).toHaveAttribute("aria-busy", "false");
    const rendered = await bodyRows(page).count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
        return bodyRows(page).last().getAttribute("aria-rowindex");
      })
      .toBe("501");
  });
});

test("a viewer's table has no checkboxes", async ({ page }) => {
  await signIn(page, "viewer", "/resources/products");
  await openResource(page, "products");
  await expect(page.getByRole("columnheader", { name: /SKU/ })).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
});
