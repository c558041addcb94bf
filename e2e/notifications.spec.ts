import { expect as baseExpect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

const expect = baseExpect.configure({ timeout: 30_000 });

// The bell against the real server and worker: a batch that ends shows up as one unread notification
// linking to the batch; opening it marks it read.
test("a finished batch shows in the bell as unread, links to the batch, and is read once opened", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin");
  const bell = page.getByRole("button", { name: /^Notifications, / });
  // Whatever earlier specs left is not this test's news.
  await bell.click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  await expect(panel.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(panel.getByTestId("notification").or(panel.getByText("Nothing yet")).first()).toBeVisible();
  const markAll = panel.getByRole("button", { name: "Mark all read" });
  if (await markAll.isEnabled()) await markAll.click();
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
  await page.keyboard.press("Escape");

  const job = await page.request.post("/api/v1/batch/jobs", {
    headers: { origin: new URL(baseURL!).origin },
    data: { batch: { type: "letters_update", operations: [{ type: "update", resource: "letters", filter: { status: "draft" }, update: { title: "Bell e2e" } }] } },
  });
  expect(job.status(), await job.text()).toBe(201);
  const created = (await job.json()) as { data: { job_id: string; operations: { batch_id: string }[] } };
  const href = `/batches/${created.data.operations[0]!.batch_id}`;
  // Its batch runs in the worker; once it has finished the drain tells its creator within moments.
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/batch/jobs/${created.data.job_id}`)).json()) as { data: { status: string } }).data.status, { timeout: 60_000 })
    .toBe("completed");

  // The bell polls every 12 s. Other specs' long batches may end meanwhile: this batch's own
  // notification is found by its link.
  await expect(bell).toHaveAccessibleName(/^Notifications, \d+ unread$/);
  await expect(page.getByTestId("unread-count")).not.toHaveText("");
  await bell.click();
  const item = panel.getByTestId("notification").filter({ has: page.locator(`a[href="${href}"]`) });
  await expect(item).toContainText("Batch completed · letters: Edit fields");
  await expect(item).toContainText("(unread)");
  const link = item.getByRole("link");
  await page.screenshot({ path: shot("notifications-menu") });

  await link.click();
  await page.waitForURL((url) => url.pathname === href);
  await bell.click();
  await expect(panel.getByTestId("notification").filter({ has: page.locator(`a[href="${href}"]`) })).not.toContainText("(unread)");
  await page.keyboard.press("Escape");

  // What comes by e-mail is chosen on the Account page (failures by default).
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Notifications by e-mail" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "A batch of yours failed" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "A batch of yours completed", exact: true })).not.toBeChecked();
  await page.screenshot({ path: shot("account-notification-preferences"), fullPage: true });
});
