import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// Issue 12's templates in the console: a template with parameters (saved through seed 003's API)
// run from the Templates page — a missing parameter shown under its field, then a previewed batch —
// and that batch saved as a template of its own from its page.
test("an operator runs a template with parameters into a previewed batch and saves that batch as a template", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, "operator");
  const name = `e2e template ${Date.now()}`;
  const created = await page.request.post("/api/v1/batch/templates", {
    headers: { origin: new URL(baseURL!).origin },
    data: {
      name,
      description: "Retitle letters of a status",
      parameters: [
        { name: "status", type: "string", required: true, enum: ["draft", "sent"] },
        { name: "title", type: "string", required: true, description: "the new title" },
      ],
      operations: [{ type: "update", resource: "letters", filter: { status: "${status}" }, template: { title: "${title}" } }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { name: "Templates", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "Run" }).click();
  const dialog = page.getByRole("dialog", { name: `Run “${name}”` });
  await dialog.getByLabel(/^status/).selectOption("draft");
  await dialog.getByRole("button", { name: "Preview batch" }).click();
  await expect(dialog.getByText("title is required (the new title).")).toBeVisible();
  await dialog.getByLabel(/^title/).fill("Retitled by a template");
  await dialog.getByRole("button", { name: "Preview batch" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Preview", { exact: true }).first()).toBeVisible();

  await page.getByRole("button", { name: "Save as template" }).click();
  const save = page.getByRole("dialog", { name: "Save as template" });
  await save.getByLabel("Name").fill(`${name} (saved)`);
  await save.getByRole("button", { name: "Save template" }).click();
  await page.waitForURL(/\/templates$/);
  await expect(page.getByRole("row").filter({ hasText: `${name} (saved)` })).toBeVisible();
});
