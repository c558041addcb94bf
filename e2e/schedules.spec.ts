import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect as baseExpect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

/**
 * Holds a row lock in another session until `release`, which rolls back (the row is left as it was),
 * so the batch that reaches the row waits there and its run stays unfinished meanwhile.
 */
async function holdRow(id: number): Promise<{ release: () => Promise<void> }> {
  const { default: pg } = await import("pg");
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query("BEGIN");
  await db.query("SELECT 1 FROM letters WHERE id = $1 FOR UPDATE", [id]);
  return {
    release: async () => {
      await db.query("ROLLBACK");
      await db.end();
    },
  };
}

/** Letters of the operator's own (a run acts as its owner, so others' rows would be planned invalid). */
async function operatorLetters(count: number): Promise<number[]> {
  const { default: pg } = await import("pg");
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `SELECT l.id FROM letters l JOIN users u ON u.id = l.owner_id WHERE u.email = 'operator@batchdesk.local' AND l.deleted_at IS NULL ORDER BY l.id DESC LIMIT $1`,
      [count],
    );
    return rows.map((r) => Number(r.id));
  } finally {
    await db.end();
  }
}

// Issue 12's flow past the template (saved and run with parameters in templates.spec): a template
// scheduled from its row on Templates, its timing shown in words with its next runs before saving,
// "Run now" through the real worker — a dry run committed within the guard — the run in the
// schedule's history with its batch, and the batch's end delivered to the owner's webhook.
test("an operator schedules a template, runs it now, sees the committed run in its history and its delivery in a webhook's log", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const received: { body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("schedule hook ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/schedules-${Date.now()}`;
  try {
    await signIn(page, "operator");
    await page.goto("/webhooks");
    const hookForm = page.getByRole("form", { name: "New webhook" });
    await hookForm.getByLabel("URL").fill(url);
    await hookForm.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByTestId(`webhook-row-${url}`)).toContainText("Enabled");

    const name = `e2e scheduled ${Date.now()}`;
    const created = await page.request.post("/api/v1/batch/templates", {
      headers: { origin: new URL(baseURL!).origin },
      data: {
        name,
        parameters: [{ name: "title", type: "string", required: true, description: "the new title" }],
        operations: [{ type: "update", resource: "letters", template: { title: "${title}" } }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const ids = await operatorLetters(3);
    expect(ids).toHaveLength(3);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    const templateRow = page.getByRole("row").filter({ hasText: name });
    await expect(templateRow).toBeVisible();
    await page.screenshot({ path: shot("templates-with-schedule") });
    // From the template's own page (its row on Templates has "Schedule" too).
    await expect(templateRow.getByRole("link", { name: `Schedule ${name}` })).toBeVisible();
    await templateRow.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "Schedule", exact: true }).click();
    await page.waitForURL(/\/schedules\/new\?template=/);
    const form = page.getByRole("form", { name: "New schedule" });
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue(`${name} (scheduled)`);
    // Saving without the required parameter is refused at its field.
    await form.getByLabel("Row ids").fill(ids.join(", "));
    await form.getByLabel("Frequency").selectOption("weekdays");
    await form.getByLabel("At", { exact: true }).fill("06:30");
    await form.getByLabel("Time zone").fill("Asia/Tokyo");
    const preview = page.getByTestId("timing-preview");
    await expect(preview.getByTestId("timing-words")).toHaveText(/06:30.*Monday through Friday.*Asia\/Tokyo/);
    await expect(preview.getByRole("list", { name: "Next runs" }).getByRole("listitem")).toHaveCount(5);
    await expect(preview.getByRole("listitem").first()).toContainText("06:30");
    await form.getByRole("button", { name: "Save schedule" }).click();
    await expect(form.getByText("title is required (the new title).")).toBeVisible();
    await form.getByLabel(/^title/).fill("Retitled on a schedule");
    await expect(form.getByText("title is required (the new title).")).toBeHidden();
    await form.getByLabel("Most rows it may change").fill("10");
    await page.screenshot({ path: shot("schedule-form"), fullPage: true });
    await form.getByRole("button", { name: "Save schedule" }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: `${name} (scheduled)`, level: 1 })).toBeVisible();

    // The run's batch waits at a row another session holds: a second "Run now" meanwhile is a conflict.
    const held = await holdRow(ids[0]!);
    const history = page.getByRole("table", { name: "Run history" });
    const run = history.getByRole("row").nth(1);
    try {
      await page.getByRole("button", { name: "Run now" }).click();
      await expect(run).toContainText("Run now");
      await expect(run.getByTestId("run-state")).toHaveText("Committed", { timeout: 60_000 });
      await page.getByRole("button", { name: "Run now" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Not run: the previous run has not ended" })).toContainText(/Schedule conflict: its run due .* is still (queued|running)/);
    } finally {
      await held.release();
    }
    await expect(run.getByTestId("batch-state")).toHaveText("Completed", { timeout: 60_000 });
    await expect(run).toContainText("3 done");
    const batchLink = run.getByRole("link");
    const batchHref = (await batchLink.getAttribute("href"))!;
    const batchId = batchHref.split("/").pop()!;
    await page.screenshot({ path: shot("schedule-page"), fullPage: true });

    await expect
      .poll(() => received.some((r) => (JSON.parse(r.body) as { event: { type: string; job_id: string } }).event.job_id === batchId), { timeout: 60_000 })
      .toBe(true);
    await page.goto("/webhooks");
    await page.getByTestId(`webhook-row-${url}`).getByRole("button", { name: "Deliveries" }).click();
    const delivery = page.getByRole("table", { name: "Webhook deliveries" }).getByRole("row").filter({ hasText: batchId.slice(0, 8) });
    await expect(delivery).toContainText("job_completed");
    await expect(delivery).toContainText("delivered");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
    const row = page.getByTestId(`schedule-row-${name} (scheduled)`);
    await expect(row).toContainText("Monday through Friday");
    await expect(row.getByTestId("run-state")).toHaveText("Committed");
    await expect(row.getByTestId("schedule-state")).toHaveText("Active");
    await page.screenshot({ path: shot("schedules-list"), fullPage: true });

    // An edit to a cron expression: one the server refuses is named at its field, a good one is shown in words.
    await row.getByRole("link", { name: `${name} (scheduled)` }).click();
    await page.getByRole("link", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit schedule" });
    await edit.getByLabel("Frequency").selectOption("cron");
    const cron = edit.getByLabel("Cron expression");
    await cron.fill("61 * * * *");
    await expect(cron).toHaveAccessibleDescription(/not a cron expression/);
    await cron.fill("0 7 * * 1");
    await expect(page.getByTestId("timing-words")).toHaveText(/07:00.*Monday.*Asia\/Tokyo/);
    // A guard smaller than the run (a new title, so its rows change again): the next run stops at its preview for a person to commit.
    await edit.getByLabel(/^title/).fill("Retitled again");
    await edit.getByLabel("Most rows it may change").fill("1");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    await expect(page.getByText(/At 07:00, only on Monday \(Asia\/Tokyo\)/).first()).toBeVisible();
    await page.getByRole("button", { name: "Run now" }).click();
    const heldRun = history.getByRole("row").nth(1);
    await expect(heldRun.getByTestId("run-state")).toHaveText("Held at preview", { timeout: 60_000 });
    await expect(heldRun).toContainText("it would change 3 rows, more than the guard's 1");
    await expect(heldRun.getByRole("link", { name: "Review its preview and commit" })).toBeVisible();
    await expect(history.getByRole("row")).toHaveCount(3);
    await page.screenshot({ path: shot("schedule-page-held"), fullPage: true });

    // Deleted, it ticks no more during later specs; its runs' batches stay.
    await page.getByRole("button", { name: "Delete schedule" }).click();
    await page.getByRole("dialog", { name: "Delete this schedule?" }).getByRole("button", { name: "Delete schedule" }).click();
    await page.waitForURL(/\/schedules$/);
    await expect(page.getByTestId(`schedule-row-${name} (scheduled)`)).toHaveCount(0);
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
