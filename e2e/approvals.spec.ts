import { expect, test, type Page } from "@playwright/test";
import { columnFilter, shot, signIn } from "./fixtures";

// Four-eyes approval end to end: an admin's rule makes an operator's large letter edit wait; the
// admin reviews its dry run and approves; the operator commits and watches it run. The rule names
// operators editing more than 25 letters, and is deleted at the end, so other specs' batches (run
// after this file, one worker) never match it.

const RULE = `E2E large letter edits ${Date.now()}`;
const TITLE = `Approved retitle ${Date.now()}`;
const MESSAGE = "Retitling the 2001–2100 letters for the archive move";

async function deleteRuleRows() {
  const { default: pg } = await import("pg");
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query("DELETE FROM approval_rules WHERE name = $1", [RULE]);
  await db.end();
}

// Whatever happens in the test, the rule must not outlive this file.
test.afterAll(deleteRuleRows);

async function previewLargeEdit(page: Page) {
  await columnFilter(page, "ID", async (panel) => {
    await panel.getByLabel("Operator").selectOption("between");
    await panel.getByLabel("ID from").fill("2001");
    await panel.getByLabel("ID to").fill("2100");
  });
  await page.getByLabel("Select all rows on this page").check();
  await page.getByRole("button", { name: /^Select all [\d,]+ matching$/ }).click();
  await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Edit fields", exact: true }).click();
  const composer = page.getByRole("dialog");
  await composer.getByLabel("Field for change 1").selectOption("title");
  await composer.getByLabel("New title").fill(TITLE);
  await composer.getByRole("button", { name: "Preview changes" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  // The dry run of 100 rows can take a while on a busy machine.
  await expect(page.getByTestId("batch-state")).toHaveText("Preview", { timeout: 30_000 });
}

test("an operator's large batch waits for an admin's approval of its diff, then is committed and runs", async ({ page, browser }) => {
  test.setTimeout(150_000);
  // The admin adds the rule in the console.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin", "/approvals");
  await admin.getByRole("tab", { name: "Rules" }).click();
  await admin.getByRole("button", { name: "New rule" }).click();
  const form = admin.getByRole("dialog", { name: "New approval rule" });
  await form.getByLabel("Name").fill(RULE);
  await form.getByLabel("Resource").selectOption({ label: "Letters" });
  await form.getByLabel("Operation").selectOption({ label: "Edit fields" });
  await form.getByLabel("More than … rows change").fill("25");
  await form.getByLabel("Operators").check();
  await admin.screenshot({ path: shot("approval-rule-form") });
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form).toBeHidden();
  const ruleRow = admin.getByTestId("approval-rule").filter({ hasText: RULE });
  await expect(ruleRow).toContainText("more than 25 rows change");
  await expect(ruleRow).toContainText("requested by operator");
  await admin.screenshot({ path: shot("approval-rules"), fullPage: true });

  // The operator's preview of 100 letters (about a third of them theirs) offers a request, not Commit.
  await signIn(page, "operator", "/resources/letters");
  await previewLargeEdit(page);
  await expect(page.getByTestId("approval-needed")).toContainText(RULE);
  await expect(page.getByRole("button", { name: "Commit", exact: true })).toHaveCount(0);
  const willChange = await page.getByTestId("preview-will-change").innerText();
  expect(Number(willChange.replace(/,/g, ""))).toBeGreaterThan(25);
  await page.getByLabel("Message for the approvers").fill(MESSAGE);
  await page.getByRole("button", { name: "Request approval" }).click();
  await expect(page.getByTestId("batch-state")).toHaveText("Awaiting approval", { timeout: 15_000 });
  await expect(page.getByTestId("approval-waiting")).toBeVisible();
  await expect(page.getByRole("button", { name: "Withdraw" })).toBeVisible();
  // The requester still sees the dry run they asked about.
  await expect(page.getByRole("table", { name: /Rows in this preview/ })).toBeVisible();
  await page.screenshot({ path: shot("approval-requester-waiting"), fullPage: true });
  const batchUrl = page.url();

  // The admin finds it to decide, opens it and reviews the same preview: counts and before → after.
  await admin.getByRole("tab", { name: "To decide" }).click();
  const request = admin.getByTestId("approval-row").filter({ hasText: MESSAGE });
  await expect(request).toContainText("Oscar Operator", { timeout: 15_000 });
  await expect(request).toContainText("0 of 1");
  await admin.screenshot({ path: shot("approvals-to-decide"), fullPage: true });
  await request.getByRole("link", { name: "Edit fields" }).click();
  await expect(admin).toHaveURL(batchUrl);
  await expect(admin.getByTestId("batch-state")).toHaveText("Awaiting approval");
  await expect(admin.getByTestId("approval-message")).toHaveText(MESSAGE);
  await expect(admin.getByTestId("approval-requested-by")).toContainText("Oscar Operator");
  await expect(admin.getByTestId("preview-will-change")).toHaveText(willChange);
  const items = admin.getByRole("table", { name: /Rows in this preview/ });
  await admin.getByRole("button", { name: /^Will change/ }).click();
  await expect(items.locator("tbody tr[aria-rowindex]").first().locator("mark")).toHaveText(TITLE);
  await admin.getByRole("button", { name: /^Invalid/ }).click();
  await expect(items).toContainText("PERMISSION_DENIED");
  await admin.getByRole("button", { name: /^All/ }).click();
  await admin.screenshot({ path: shot("approval-approver-review"), fullPage: true });
  await admin.getByLabel("Comment").fill("Checked the titles: fine");
  await admin.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(admin.getByTestId("batch-state")).toHaveText("Preview", { timeout: 15_000 });
  await expect(admin.getByText("Approved by Ada Admin — commit it")).toBeVisible();

  // The operator's page notices on its own, offers Commit, and the batch runs to the end.
  await expect(page.getByTestId("batch-state")).toHaveText("Preview", { timeout: 20_000 });
  await expect(page.getByText("Approved by Ada Admin — commit it")).toBeVisible();
  await page.screenshot({ path: shot("approval-approved-requester"), fullPage: true });
  await page.getByRole("button", { name: "Commit", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: /^Commit \d[\d,]* changes?$/ }).click();
  await expect(page.getByRole("dialog")).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("batch-state")).toHaveText(/^Completed/);
  await expect(page.getByText("Approved by Ada Admin", { exact: true })).toBeVisible();
  await expect(page.getByTestId("count-succeeded")).toHaveText(willChange);

  // The admin removes the rule again (afterAll makes sure of it too).
  await admin.goto("/approvals?tab=rules");
  await admin.getByRole("button", { name: `Delete ${RULE}` }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
  await expect(admin.getByTestId("approval-rule").filter({ hasText: RULE })).toHaveCount(0);
  await adminContext.close();
});
