import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

// A template made from scratch on the Templates page: a bad placeholder refused at its field, then
// saved and shown on its own page.
test("an operator makes a template from scratch", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "operator");
  await page.goto("/templates");
  await page.getByRole("link", { name: "New template" }).click();
  const form = page.getByRole("form", { name: "New template" });
  await expect(form).toBeVisible();
  const name = `e2e scratch ${Date.now()}`;
  await form.getByLabel("Resource").selectOption("letters");
  // The template's name comes before its parameters' (each has a "Name" too).
  await form.getByLabel("Name", { exact: true }).first().fill(name);
  // A placeholder no parameter declares is refused before anything is saved.
  await form.getByLabel("Operation (JSON)").fill(JSON.stringify({ type: "update", changes: [{ op: "set", field: "title", value: "${nope}" }] }));
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(form.getByText(/nope/).first()).toBeVisible();
  await form.getByLabel("Operation (JSON)").fill(JSON.stringify({ type: "update", changes: [{ op: "set", field: "title", value: "${title}" }] }));
  await form.getByRole("button", { name: "Save template" }).click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/template-new.png", fullPage: true });
});
