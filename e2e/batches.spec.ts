import { expect, test, type Page } from "@playwright/test";
import { columnFilter, editRowSlowly, openResource, seedRows, shot, signIn } from "./fixtures";

// One database for the whole file; tests use disjoint rows (by id range) so their order does not matter.

async function idBetween(page: Page, from: number, to: number) {
  await columnFilter(page, "ID", async (panel) => {
    await panel.getByLabel("Operator").selectOption("between");
    await panel.getByLabel("ID from").fill(String(from));
    await panel.getByLabel("ID to").fill(String(to));
  });
}

/** Opens the composer for an operation from the bulk-action bar. */
async function compose(page: Page, operation: string) {
  const bar = page.getByRole("region", { name: "Bulk actions" });
  const direct = bar.getByRole("button", { name: operation, exact: true });
  if (await direct.count()) await direct.click();
  else {
    await bar.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: new RegExp(operation) }).click();
  }
  return page.getByRole("dialog");
}

async function previewAndWait(page: Page) {
  await page.getByRole("button", { name: "Preview changes" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByTestId("batch-state")).toHaveText("Preview");
  return page.url();
}

async function confirm(page: Page, button: RegExp | string) {
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: button }).click();
  // Pause and cancel wait for the chunk in flight; on a busy CI machine that can take a while.
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}

async function commitAndFinish(page: Page, finalState: RegExp | string = /^Completed/) {
  await page.getByRole("button", { name: "Commit", exact: true }).click();
  await confirm(page, /^Commit \d[\d,]* changes?$/);
  await expect(page.getByTestId("progress-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("batch-state")).toHaveText(finalState);
}

const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/,/g, ""));

test.describe("batches", () => {
  test("an admin filters letters, selects all matching, previews a status change with an invalid row, commits and watches it finish", async ({ page }) => {
    await signIn(page, "admin", "/resources/letters");
    await expect(page.getByRole("heading", { name: "Letters", level: 1 })).toBeVisible();

    await columnFilter(page, "ID", async (panel) => {
      await panel.getByLabel("Operator").selectOption("lte");
      await panel.getByLabel("ID value").fill("300");
    });
    await columnFilter(page, "Status", async (panel) => {
      await panel.getByLabel("draft").check();
      await panel.getByLabel("sent").check();
    });
    const filters = page.getByRole("list", { name: "Active filters" });
    await expect(filters).toContainText("ID ≤ 300");
    await expect(filters).toContainText("Status is any of draft, sent");
    await expect(page).toHaveURL(/[?&]f=/);
    const rows = page.getByRole("table").locator("tbody tr[aria-rowindex]");
    await expect(rows.first()).toBeVisible();
    await page.screenshot({ path: shot("table-filtered"), fullPage: true });

    // A page, then every matching row (a server-side selection), less one.
    await page.getByLabel("Select all rows on this page").check();
    await expect(page.getByText(/All 50 on this page are selected/)).toBeVisible();
    const selectAll = page.getByRole("button", { name: /^Select all [\d,]+ matching$/ });
    const matching = Number((await selectAll.innerText()).match(/[\d,]+/)![0].replace(/,/g, ""));
    expect(matching).toBeGreaterThan(50);
    await selectAll.click();
    await expect(page.getByTestId("selection-count")).toHaveText(`${matching} selected (all matching)`);
    const firstId = (await rows.first().locator("td").nth(1).innerText()).trim();
    await page.getByLabel(`Select row ${firstId}`, { exact: true }).uncheck();
    await expect(page.getByTestId("selection-count")).toHaveText(`${matching - 1} selected (all matching)`);
    await expect(page.getByText("except 1 you deselected")).toBeVisible();

    const composer = await compose(page, "Change status");
    await expect(composer.getByRole("heading", { name: "Change status: Letters" })).toBeVisible();
    await expect(composer).toContainText(`all ${matching - 1} letters matching the current filter (less 1 deselected)`);
    // Inline validation before anything is sent.
    await composer.getByRole("button", { name: "Preview changes" }).click();
    await expect(composer.getByText("Choose the new status.")).toBeVisible();
    await expect(composer.getByText("Say why, for the audit log.")).toBeVisible();
    await composer.getByLabel("New status").selectOption("generated");
    await expect(composer.getByText("Allowed from: draft")).toBeVisible();
    await composer.getByLabel("Reason").fill("Drafts are ready to generate");
    await page.screenshot({ path: shot("composer-status-change") });
    await previewAndWait(page);

    // The preview: drafts become generated, sent letters cannot (a disallowed transition).
    await expect(page.getByTestId("batch-target")).toHaveText(`${matching - 1} letters matching a filter, less 1 deselected`);
    // Every row that will change changes its status.
    await expect(page.getByTestId("preview-by-field")).toHaveText(`Status${await page.getByTestId("preview-will-change").innerText()}`);
    const items = page.getByRole("table", { name: /Rows in this preview/ });
    await page.getByRole("button", { name: /^Will change/ }).click();
    const willChange = items.locator("tbody tr[aria-rowindex]").first();
    await expect(willChange).toContainText("draft");
    await expect(willChange.locator("mark")).toHaveText("generated");
    await expect(willChange).toContainText("Will change");
    const changedId = (await willChange.locator("td").first().locator("span.font-mono").innerText()).trim();
    await page.getByRole("button", { name: /^Invalid/ }).click();
    const invalid = items.locator("tbody tr[aria-rowindex]").first();
    await expect(invalid).toContainText("INVALID_TRANSITION");
    await expect(invalid).toContainText("Cannot change status from sent to generated.");
    await page.getByRole("button", { name: /^All/ }).click();
    await page.screenshot({ path: shot("preview-status-change"), fullPage: true });

    // Commit, and the page follows the run over the progress stream without reloading.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const stream = page.waitForRequest((r) => r.url().includes("/api/trpc/batch.progress"));
    await commitAndFinish(page);
    await stream;
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await expect(page.getByTestId("count-invalid")).not.toHaveText("0");
    await expect(page.getByText(/Batch finished · Letters: Change status/)).toBeVisible();
    await page.screenshot({ path: shot("progress-completed"), fullPage: true });

    // The table shows the new value.
    await openResource(page, "letters", `q=${changedId}`);
    // The row by its own checkbox: a search for a short id matches other rows' text too.
    const row = page.getByRole("table").locator("tbody tr[aria-rowindex]").filter({ has: page.getByRole("checkbox", { name: `Select row ${changedId}`, exact: true }) });
    await expect(row).toContainText("generated");

    // The audit log records the commit with its operation and counts.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    const entry = page.getByRole("row").filter({ hasText: "batch.execute" }).first();
    await expect(entry).toContainText("operation: statusChange");
    await expect(entry).toContainText(`items: ${(matching - 1).toLocaleString("en-US")}`);
    await page.screenshot({ path: shot("audit-log"), fullPage: true });
  });

  test("a conflicting edit makes rows fail; retry applies them; revert restores the others", async ({ page }) => {
    // Four batches previewed and run one after another: ~20 s on a quiet machine, so 30 s is too tight.
    test.setTimeout(90_000);
    await signIn(page, "admin", "/resources/letters");
    // Batch A previews a change to 20 letters…
    await idBetween(page, 301, 320);
    await page.getByLabel("Select all rows on this page").check();
    let composer = await compose(page, "Edit fields");
    await composer.getByLabel("Field for change 1").selectOption("senderName");
    await composer.getByLabel("New sender").fill("Retry A");
    const batchA = await previewAndWait(page);
    await expect(page.getByTestId("preview-will-change")).toHaveText("20");

    // …then batch B changes five of them first.
    await openResource(page, "letters");
    await idBetween(page, 301, 305);
    await page.getByLabel("Select all rows on this page").check();
    composer = await compose(page, "Edit fields");
    await composer.getByLabel("Field for change 1").selectOption("senderName");
    await composer.getByLabel("New sender").fill("Conflict B");
    await previewAndWait(page);
    await commitAndFinish(page);

    // A's five rows changed since its dry run: conflicts, not overwrites.
    await page.goto(batchA);
    await commitAndFinish(page, "Completed with errors");
    await expect(page.getByTestId("count-conflict")).toHaveText("5");
    await expect(page.getByTestId("count-succeeded")).toHaveText("15");
    await page.getByRole("button", { name: /^Conflict/ }).click();
    await expect(page.getByRole("table", { name: "Results per row" }).locator("tbody tr[aria-rowindex]")).toHaveCount(5);
    await expect(page.getByRole("table", { name: "Results per row" })).toContainText("CONFLICT");

    // Retry the failed rows: a new preview, planned against the current values.
    await page.getByRole("button", { name: "Retry failed rows" }).click();
    await confirm(page, "Prepare retry");
    await page.waitForURL((u) => u.pathname.startsWith("/batches/") && u.href !== batchA);
    await expect(page.getByText("Retry of failed rows")).toBeVisible();
    await expect(page.getByTestId("batch-state")).toHaveText("Preview");
    await commitAndFinish(page);
    await expect(page.getByTestId("count-succeeded")).toHaveText("5");

    // Revert A: its 15 applied rows get their old values back.
    await page.goto(batchA);
    await page.getByRole("button", { name: "Revert" }).click();
    await confirm(page, "Prepare revert");
    await page.waitForURL((u) => u.href !== batchA);
    await expect(page.getByRole("heading", { name: /Revert/, level: 1 })).toBeVisible();
    await commitAndFinish(page);
    await expect(page.getByTestId("count-succeeded")).toHaveText("15");

    await openResource(page, "letters", "q=Retry+A");
    const rows = page.getByRole("table").locator("tbody tr[aria-rowindex]");
    await expect(rows).toHaveCount(5);
    for (const id of await rows.locator("td:nth-child(2)").allInnerTexts()) expect(Number(id)).toBeLessThanOrEqual(305);
  });

  test.describe("a large batch", () => {
    test.setTimeout(240_000);
    test.beforeAll(async () => {
      await seedRows({ letters: 100_000 });
    });

    test("over 100,000 rows is paused, resumed, cancelled and reverted", async ({ page }) => {
      await signIn(page, "admin", "/resources/letters");
      await page.getByLabel("Select all rows on this page").check();
      const selectAll = page.getByRole("button", { name: /^Select all [\d,]+ matching$/ });
      const matching = Number((await selectAll.innerText()).match(/[\d,]+/)![0].replace(/,/g, ""));
      expect(matching).toBeGreaterThanOrEqual(100_000);
      await selectAll.click();

      const composer = await compose(page, "Edit fields");
      await composer.getByLabel("Field for change 1").selectOption("senderName");
      await composer.getByLabel("New sender").fill("Bulk E2E");
      await composer.getByRole("button", { name: "Advanced options" }).click();
      await composer.getByLabel("Chunk size").fill("100");
      await composer.getByLabel("Parallel chunks").fill("1");
      await page.screenshot({ path: shot("composer-large-update") });
      await previewAndWait(page);
      await expect(page.getByTestId("preview-will-change")).toHaveText(matching.toLocaleString("en-US"));

      // Someone else is editing the last row until the cancel below: however fast the workers, the
      // batch cannot finish before the test has paused, resumed and cancelled it, and that row is
      // never this batch's to change (it waited, then conflicted, or it was never reached).
      const lastRow = await editRowSlowly("letters", "id = (SELECT max(id) FROM letters WHERE deleted_at IS NULL AND archived_at IS NULL)");
      await page.getByRole("button", { name: "Commit", exact: true }).click();
      await confirm(page, /^Commit [\d,]+ changes?$/);
      await expect(page.getByTestId("batch-state")).toHaveText("Running", { timeout: 30_000 });
      await expect(page.getByTestId("progress-percent")).not.toHaveText("0%");
      // Pause before anything slow (a full-page screenshot): the batch must still be running.
      await page.getByRole("button", { name: "Pause" }).click();
      await confirm(page, "Pause");
      await expect(page.getByTestId("batch-state")).toHaveText("Paused");
      await page.screenshot({ path: shot("progress-paused"), fullPage: true });
      const pausedAt = await page.getByTestId("progress-percent").innerText();
      expect(pausedAt).not.toBe("100%");
      await page.waitForTimeout(1_500);
      await expect(page.getByTestId("progress-percent")).toHaveText(pausedAt);

      await page.getByRole("button", { name: "Resume" }).click();
      await confirm(page, "Resume");
      await expect(page.getByTestId("batch-state")).toHaveText("Running");
      await page.getByRole("button", { name: "Cancel batch" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel batch" }).click();
      // The cancel waits for the chunk in flight, which may be the one waiting for the edited row.
      await lastRow.commit();
      await expect(page.getByRole("dialog")).toBeHidden({ timeout: 30_000 });
      await expect(page.getByTestId("batch-state")).toHaveText("Cancelled");
      expect(await page.getByTestId("progress-percent").innerText()).not.toBe("100%");
      // A chunk in flight when the batch was cancelled still lands; let the figures settle.
      await page.waitForTimeout(3_000);
      const succeeded = await count(page, "count-succeeded");
      expect(succeeded).toBeGreaterThan(0);
      expect(succeeded).toBeLessThan(matching);

      await page.getByRole("button", { name: "Revert" }).click();
      await confirm(page, "Prepare revert");
      await expect(page.getByRole("heading", { name: /Revert/, level: 1 })).toBeVisible();
      await expect(page.getByTestId("preview-will-change")).toHaveText(succeeded.toLocaleString("en-US"));
      const revertUrl = page.url();
      await page.getByRole("button", { name: "Commit", exact: true }).click();
      await confirm(page, /^Commit [\d,]+ changes?$/);
      // Wherever the admin goes meanwhile, a toast says when it is done.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Batches" }).click();
      await expect(page.getByRole("heading", { name: "Batches", level: 1 })).toBeVisible({ timeout: 15_000 });
      await expect(page.getByText("Batch finished · Letters: Revert")).toBeVisible({ timeout: 60_000 });
      await page.screenshot({ path: shot("batches-list-with-toast"), fullPage: true });
      await page.goto(revertUrl);
      await expect(page.getByTestId("batch-state")).toHaveText("Completed");
      expect(await count(page, "count-succeeded")).toBe(succeeded);

      await page.goto("/resources/letters?q=Bulk+E2E");
      await expect(page.getByText("No rows match these filters")).toBeVisible({ timeout: 30_000 });
    });
  });

  test("an operator cannot change another owner's rows: the preview reports them as PERMISSION_DENIED", async ({ page }) => {
    await signIn(page, "operator", "/resources/letters");
    await idBetween(page, 401, 450);
    await expect(page.getByRole("table").getByText("Ada Admin").first()).toBeVisible();
    await page.getByLabel("Select all rows on this page").check();
    const composer = await compose(page, "Change status");
    await composer.getByLabel("New status").selectOption("generated");
    await composer.getByLabel("Reason").fill("Trying rows of others");
    await previewAndWait(page);
    await page.getByRole("button", { name: /^Invalid/ }).click();
    await expect(page.getByRole("table", { name: /Rows in this preview/ })).toContainText("PERMISSION_DENIED");
    await expect(page.getByRole("table", { name: /Rows in this preview/ })).toContainText("You can only change rows you own.");

    await page.getByRole("button", { name: "Discard" }).click();
    await confirm(page, "Discard preview");
    await expect(page.getByTestId("batch-state")).toHaveText("Discarded");
    await expect(page.getByText("This preview was discarded")).toBeVisible();
  });

  test("archived rows leave the active list; the batches list shows each batch's state and progress and filters them", async ({ page }) => {
    await signIn(page, "admin", "/resources/letters");
    await idBetween(page, 451, 460);
    await page.getByLabel("Select all rows on this page").check();
    const composer = await compose(page, "Archive");
    await composer.getByLabel("Reason").fill("Closed correspondence");
    await composer.getByLabel("Archive location (optional)").fill("Box 12");
    await previewAndWait(page);
    await expect(page.getByTestId("preview-will-change")).toHaveText("10");
    await commitAndFinish(page);
    const batchUrl = page.url();

    await openResource(page, "letters", "scope=archived&q=451");
    await expect(page.getByRole("table").locator("tbody tr[aria-rowindex]")).toHaveCount(1);
    await page.goto("/resources/letters?q=451");
    await expect(page.getByText("No rows match these filters")).toBeVisible();

    await page.goto("/batches");
    const first = page.getByTestId("batch-row").first();
    await expect(first).toContainText("Archive");
    await expect(first).toContainText("Letters");
    await expect(first).toContainText("Ada Admin");
    await expect(first.getByTestId("batch-state")).toHaveText("Completed");
    await expect(first.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await page.screenshot({ path: shot("batches-list"), fullPage: true });

    await page.getByLabel("State").selectOption("completed");
    await expect(page).toHaveURL(/state=completed/);
    await expect(page.getByTestId("batches-card")).toHaveAttribute("aria-busy", "false");
    // The list refetches after the filter change: wait until every row shown is a completed one.
    await expect(page.getByTestId("batch-row").getByTestId("batch-state").filter({ hasNotText: /^Completed$/ })).toHaveCount(0);
    await expect(page.getByTestId("batch-row").first()).toBeVisible();
    await page.getByLabel("Resource").selectOption("products");
    await expect(page.getByText("No batches match these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    // The operator's discarded preview from the test above makes them one of the people to filter by.
    await page.getByLabel("Started by").selectOption({ label: "Oscar Operator" });
    await expect(page.getByTestId("batch-row").first()).toContainText("Oscar Operator");
    await expect(page.getByTestId("batch-row").filter({ hasNotText: "Oscar Operator" })).toHaveCount(0);
    await page.getByLabel("Started by").selectOption("me");
    await expect(page.getByTestId("batch-row").first()).toBeVisible();
    await expect(page.getByTestId("batch-row").filter({ hasNotText: "Ada Admin" })).toHaveCount(0);
    await page.getByTestId("batch-row").first().getByRole("link", { name: "Archive" }).click();
    await expect(page).toHaveURL(batchUrl);
  });

  test("live progress resumes from the last event after the connection drops", async ({ page }) => {
    await signIn(page, "admin", "/resources/letters");
    await idBetween(page, 461, 470);
    await page.getByLabel("Select all rows on this page").check();
    const composer = await compose(page, "Edit fields");
    await composer.getByLabel("Field for change 1").selectOption("senderName");
    await composer.getByLabel("New sender").fill(`Resumed stream ${Date.now()}`);
    await previewAndWait(page);

    // The first progress connection delivers one event (id 1) and then goes silent, as a connection
    // dropped somewhere on the way does. The client gives up on it after a second of silence (the
    // server's own hint says so) and reconnects, telling the server the last event it saw.
    const requests: { lastEventId: string | null }[] = [];
    await page.route("**/api/trpc/batch.progress**", async (route) => {
      const input = new URL(route.request().url()).searchParams.get("input") ?? "{}";
      requests.push({ lastEventId: (JSON.parse(input) as { json?: { lastEventId?: string } }).json?.lastEventId ?? null });
      if (requests.length > 1) return route.continue();
      const batchId = new URL(page.url()).pathname.split("/").pop();
      const progress = {
        batchId, state: "queued", total: 10, processed: 0, percent: 0,
        counts: { succeeded: 0, unchanged: 0, invalid: 0, conflict: 0, failed: 0 },
        chunksDone: 0, chunkCount: 1, rowsPerSecond: 0, etaSeconds: null, elapsedMs: 0, successRate: null,
        startedAt: null, finishedAt: null, lastError: null, progressSeq: 1,
      };
      await route.fulfill({
        status: 200,
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
        // retry: the browser's own reconnect would wait a minute; the client's inactivity timeout acts first.
        body: `retry: 60000\n\nevent: connected\ndata: {"reconnectAfterInactivityMs":1000}\n\ndata: ${JSON.stringify({ json: progress })}\nid: 1\n\n`,
      });
    });
    await commitAndFinish(page);
    // The browser reconnected on its own and the server was told where the stream left off.
    await expect.poll(() => requests.length).toBeGreaterThanOrEqual(2);
    expect(requests[1]!.lastEventId).toBe("1");
    await expect(page.getByTestId("count-succeeded")).toHaveText("10");
  });

  test("a viewer sees records but no selection and no bulk actions", async ({ page }) => {
    await signIn(page, "viewer", "/resources/letters");
    await expect(page.getByRole("table").locator("tbody tr[aria-rowindex]").first()).toBeVisible();
    await expect(page.getByText("Your role can view records but not change them.")).toBeVisible();
    // Sensitive fields are not shown to viewers, and the page says so.
    await expect(page.getByText("Content, Sender are sensitive and hidden from your role.")).toBeVisible();
    await expect(page.getByRole("columnheader", { name: /Sender/ })).toHaveCount(0);
    await expect(page.getByRole("columnheader", { name: /Title/ })).toHaveCount(1);
    await expect(page.getByLabel("Select all rows on this page")).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Bulk actions" })).toHaveCount(0);
  });
});
