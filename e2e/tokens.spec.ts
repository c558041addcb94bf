import { expect as baseExpect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

// The console loads cold on a machine other test runs share.
const expect = baseExpect.configure({ timeout: 15_000 });

/** A tRPC query sent the way a script would: plain fetch, a bearer token, no cookies. */
async function trpcQuery(baseURL: string, path: string, token: string, input?: unknown): Promise<{ status: number; body: string }> {
  const url = new URL(`/api/trpc/${path}`, baseURL);
  if (input !== undefined) url.searchParams.set("input", JSON.stringify({ json: input }));
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.text() };
}

test("an operator creates an API token (shown once), a script uses it, and after revoking it gets 401", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const name = `e2e script ${Date.now()}`;
  await signIn(page, "operator");
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();

  // Only the scopes an operator may give are offered.
  const form = page.getByRole("form", { name: "New API token" });
  await expect(form.getByRole("checkbox")).toHaveCount(4);
  await expect(form.getByText("Admin", { exact: true })).toHaveCount(0);

  await form.getByLabel("Name").fill(name);
  await form.getByRole("checkbox", { name: /Batches/ }).check();
  await form.getByLabel("Expires").selectOption("7");
  await form.getByRole("button", { name: "Create token" }).click();

  const dialog = page.getByRole("dialog", { name: `Token “${name}” created` });
  const secret = (await dialog.getByTestId("new-token-secret").textContent())!.trim();
  expect(secret).toMatch(/^bd_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: shot("token-created"), fullPage: true });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  // Shown once: the list has its prefix only, and a reload has no trace of the secret.
  const row = page.getByTestId(`token-row-${name}`);
  await expect(row).toContainText(`${secret.slice(0, 11)}…`);
  await expect(row).toContainText("read");
  await expect(row).toContainText("batches");
  await page.reload();
  await expect(page.getByTestId(`token-row-${name}`)).toBeVisible();
  expect(await page.content()).not.toContain(secret.slice(11));

  // A script with the token: it acts as the operator, through a token.
  const me = await trpcQuery(baseURL!, "me.get", secret);
  expect(me.status, me.body).toBe(200);
  expect(JSON.parse(me.body)).toMatchObject({ result: { data: { json: { email: "operator@batchdesk.local", kind: "token" } } } });
  const batches = await trpcQuery(baseURL!, "batch.list", secret, {});
  expect(batches.status, batches.body).toBe(200);
  // The REST API takes the same token (the real server, its real route).
  const rest = await fetch(new URL("/api/v1/me", baseURL), { headers: { authorization: `Bearer ${secret}` } });
  expect(rest.status).toBe(200);
  expect(await rest.json()).toMatchObject({ email: "operator@batchdesk.local", kind: "token" });
  expect(rest.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
  // Token management needs the console itself.
  expect((await trpcQuery(baseURL!, "tokens.list", secret)).status).toBe(403);

  // The page shows when and from where it was last used.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId(`token-row-${name}`)).toContainText(/(ago|just now)\s*(127\.0\.0\.1|::1)/, { timeout: 8_000 });
  }).toPass({ timeout: 40_000 });
  await page.screenshot({ path: shot("tokens-page"), fullPage: true });

  await page.getByTestId(`token-row-${name}`).getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId(`token-row-${name}`)).toContainText("Revoked");

  const after = await trpcQuery(baseURL!, "me.get", secret);
  expect(after.status).toBe(401);
});

test("a viewer is offered only read and exports; an admin sees the viewer's token on Users and revokes it", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const name = `viewer report ${Date.now()}`;
  await signIn(page, "viewer", "/settings/tokens");
  const form = page.getByRole("form", { name: "New API token" });
  await expect(form.getByRole("checkbox")).toHaveCount(2);
  await expect(form.getByRole("checkbox", { name: /Read/ })).toBeVisible();
  await expect(form.getByRole("checkbox", { name: /Exports/ })).toBeVisible();
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Expires").selectOption("never");
  await form.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: `Token “${name}” created` });
  const secret = (await dialog.getByTestId("new-token-secret").textContent())!.trim();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`token-row-${name}`)).toContainText("Never");
  expect((await trpcQuery(baseURL!, "me.get", secret)).status).toBe(200);

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin", "/users");
  const row = admin.getByRole("table", { name: "All API tokens" }).getByTestId(`token-row-${name}`);
  await expect(row).toContainText("viewer@batchdesk.local");
  await admin.screenshot({ path: shot("users-all-tokens"), fullPage: true });
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = admin.getByRole("dialog", { name: `Revoke “${name}”?` });
  await expect(confirm).toContainText("viewer@batchdesk.local");
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  expect((await trpcQuery(baseURL!, "me.get", secret)).status).toBe(401);
});
