import { expect, test } from "@playwright/test";
import { openResource, shot, signIn } from "./fixtures";

test("a record's timeline shows both batches that touched it, and 'Revert this row' opens a one-row preview", async ({ page, baseURL }) => {
  // Two batches run to the end by the worker, then a preview: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  await signIn(page, "admin", "/resources/letters");
  const stamp = Date.now();
  const origin = new URL(baseURL!).origin;
  const rows = await page.request.post("/api/v1/resources/letters/query", { headers: { origin }, data: { pageSize: 1 } });
  expect(rows.status(), await rows.text()).toBe(200);
  const id = ((await rows.json()) as { rows: { id: number }[] }).rows[0]!.id;
  // Two batches on the row, run to the end (the worker in `npm start` applies them).
  for (const title of [`History A ${stamp}`, `History B ${stamp}`]) {
    const run = await page.request.post("/api/v1/batches?wait=30", {
      headers: { origin },
      data: { resource: "letters", target: { kind: "ids", ids: [id] }, operation: { type: "update", changes: [{ field: "title", op: "set", value: title }] } },
    });
    expect(run.status(), await run.text()).toBe(201);
    expect(((await run.json()) as { state: string }).state).toBe("completed");
  }

  await openResource(page, "letters", `q=${encodeURIComponent(`History B ${stamp}`)}`);
  await page.getByRole("button", { name: `History of row ${id}` }).click();
  const panel = page.getByRole("dialog", { name: `History of letter #${id}` });
  const entries = panel.getByTestId("history-entry");
  await expect(entries).toHaveCount(2, { timeout: 15_000 });
  // Newest first, each with its before → after.
  await expect(entries.nth(0)).toContainText(`History A ${stamp}`);
  await expect(entries.nth(0)).toContainText(`History B ${stamp}`);
  await expect(entries.nth(0)).toContainText("Succeeded");
  await expect(entries.nth(0)).toContainText("Ada Admin");
  await expect(entries.nth(1)).toContainText(`Set Title to History A ${stamp}`);
  await expect(entries.nth(0).getByRole("link", { name: "Open batch" })).toHaveAttribute("href", /^\/batches\/[0-9a-f-]{36}$/);
  await page.screenshot({ path: shot("row-history") });

  await entries.nth(0).getByRole("button", { name: "Revert this row" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByTestId("batch-state")).toHaveText("Preview");
  await expect(page.getByTestId("preview-will-change")).toHaveText("1");
  await page.screenshot({ path: shot("row-revert-preview"), fullPage: true });
});
