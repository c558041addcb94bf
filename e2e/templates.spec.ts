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

// Editing a template from its page saves the next version (shown in its history), and a batch run
// from it names that template and version on its page, linking back.
test("an operator edits a template into version 2, runs it, and the batch page links back to the template", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, "operator");
  const name = `e2e edit ${Date.now()}`;
  const created = await page.request.post("/api/v1/batch/templates", {
    headers: { origin: new URL(baseURL!).origin },
    data: {
      name,
      parameters: [
        { name: "status", type: "string", required: true, enum: ["draft", "sent"] },
        { name: "title", type: "string", required: true },
      ],
      operations: [{ type: "update", resource: "letters", filter: { status: "${status}" }, template: { title: "${title}" } }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto("/templates");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Edit" }).click();
  const form = page.getByRole("form", { name: "Edit template" });
  const edited = `${name} edited`;
  await form.getByLabel("Name", { exact: true }).first().fill(edited);
  const title = form.getByRole("group", { name: "Parameter 2" });
  await title.getByLabel("Default").fill("Retitled by v2");
  await title.getByLabel("Description").fill("the new title");
  await form.getByRole("button", { name: "Save as new version" }).click();

  await expect(page.getByRole("heading", { name: edited, level: 1 })).toBeVisible();
  const history = page.getByRole("table", { name: "Versions" });
  await expect(history.getByRole("row").filter({ hasText: "v2 (current)" })).toContainText(edited);
  await expect(history.getByRole("row").filter({ hasText: /^v1/ })).toContainText(name);
  await expect(page.getByRole("table", { name: "Parameters" }).getByRole("row").filter({ hasText: "the new title" })).toContainText("Retitled by v2");

  await page.getByRole("button", { name: "Run" }).click();
  const dialog = page.getByRole("dialog", { name: `Run “${edited}”` });
  await dialog.getByLabel(/^status/).selectOption("draft");
  await dialog.getByRole("button", { name: "Preview batch" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  const origin = page.getByTestId("template-origin");
  await expect(origin).toHaveText(`Run of template ${edited} v2`);
  await origin.getByRole("link").click();
  await expect(page.getByRole("heading", { name: edited, level: 1 })).toBeVisible();
});
