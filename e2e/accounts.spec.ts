import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { shot, signIn, submitSignIn } from "./fixtures";

// Several browser contexts sign in and load the console cold, on a machine other test runs share.
const expect = baseExpect.configure({ timeout: 15_000 });

const FIRST = "Velvet-Quarry-Lantern-58";
const SECOND = "Orchard-Pebble-Violin-33";

/** A page in a browser context of its own: another person, or the same person on another device. */
async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => url.pathname === "/dashboard");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** On the users page, an admin creates a user with a first password through the New user dialog. */
async function createUser(admin: Page, user: { name: string; email: string; role: "operator" | "viewer" }): Promise<void> {
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(admin.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await admin.getByRole("button", { name: "New user" }).click();
  const dialog = admin.getByRole("dialog", { name: "New user" });
  await dialog.getByLabel("Name").fill(user.name);
  await dialog.getByLabel("Email").fill(user.email);
  await dialog.getByLabel("Role").selectOption(user.role);
  await dialog.getByLabel("Set a password now").check();
  // A weak password is explained while typing, and refused by the server too.
  await dialog.getByLabel("Password", { exact: true }).fill("password1234");
  await expect(dialog.getByTestId("password-strength")).toContainText("commonly used password");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText(/Choose a stronger password/)).toBeVisible();
  await dialog.getByLabel("Password", { exact: true }).fill(FIRST);
  await expect(dialog.getByTestId("password-strength")).toContainText("good to use");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  const row = admin.getByTestId(`user-row-${user.email}`);
  await expect(row).toContainText(user.name);
  await expect(row).toContainText("Active");
  await expect(row.getByLabel(`Role of ${user.email}`)).toHaveValue(user.role);
}

test("an admin creates an operator, who signs in, changes their password and signs out their other session", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const email = `nadia-${Date.now()}@example.com`;
  await signIn(page, "admin");
  await createUser(page, { name: "Nadia Newcomer", email, role: "operator" });
  await page.screenshot({ path: shot("users-page"), fullPage: true });

  // The operator on two devices.
  const laptop = await freshPage(browser);
  const phone = await freshPage(browser);
  await signInAs(laptop, email, FIRST);
  await signInAs(phone, email, FIRST);
  await expect(laptop.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);

  await laptop.getByRole("link", { name: "Account" }).click();
  await expect(laptop.getByRole("heading", { name: "Your account" })).toBeVisible();
  const sessions = laptop.getByRole("table", { name: "Sessions" });
  await expect(sessions.getByTestId("session-row")).toHaveCount(2);
  await expect(sessions.getByTestId("session-row").first()).toContainText("This device");
  await expect(sessions.getByTestId("session-row").first()).toContainText("Chrome");

  // Without the current password nothing changes; with it the new one replaces it, the phone stays signed in.
  const form = laptop.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password").fill(SECOND);
  await form.getByLabel("Sign out my other sessions").uncheck();
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Your current password is not correct.")).toBeVisible();
  await form.getByLabel("Current password").fill(FIRST);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Password changed", { exact: true })).toBeVisible();
  await expect(sessions.getByTestId("session-row")).toHaveCount(2);
  await laptop.screenshot({ path: shot("account-page"), fullPage: true });

  await sessions.getByRole("button", { name: /^Sign out / }).click();
  await expect(laptop.getByText("Session signed out")).toBeVisible();
  await expect(sessions.getByTestId("session-row")).toHaveCount(1);

  // The phone's next request finds no session.
  await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Batches" }).click();
  await expect(phone).toHaveURL(/\/sign-in/);
  await submitSignIn(phone, email, FIRST);
  await expect(phone.locator("form [role=alert]")).toHaveText("Email or password is incorrect.");
  await signInAs(phone, email, SECOND);
  await Promise.all([laptop.context().close(), phone.context().close()]);
});

test("a disabled user is signed out: their open page lands on sign-in on its next request", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const email = `dan-${Date.now()}@example.com`;
  await signIn(page, "admin");
  await createUser(page, { name: "Dan Disabled", email, role: "viewer" });

  const dan = await freshPage(browser);
  await signInAs(dan, email, FIRST);

  await page.getByRole("button", { name: `Actions for ${email}` }).click();
  await page.getByRole("menuitem", { name: "Disable…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toContainText("Disabled");

  await dan.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
  await expect(dan).toHaveURL(/\/sign-in/);
  await submitSignIn(dan, email, FIRST);
  await expect(dan.locator("form [role=alert]")).toContainText("disabled");
  await dan.context().close();
});

test("only admins have the users page; an admin's own row offers no role change", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/users");
  // The last-admin rule itself is the server's (integration tests); the page does not offer demoting oneself.
  const me = page.getByTestId("user-row-admin@batchdesk.local");
  await expect(me).toContainText("(you)");
  await expect(me.getByRole("combobox")).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/sign-in/);

  await signIn(page, "viewer");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/users");
  await expect(page.getByText("Only admins manage users")).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
});

/** Reads the one-time link from the link dialog, keeps a screenshot of it, and closes the dialog. */
async function takeLink(admin: Page, screenshot: string): Promise<string> {
  const dialog = admin.getByRole("dialog", { name: "Set-password link" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("This link is shown only now.")).toBeVisible();
  const url = await dialog.getByLabel("Set-password link").inputValue();
  expect(url).toMatch(/\/set-password\?token=[\w-]{20,}$/);
  await admin.screenshot({ path: shot(screenshot), fullPage: true });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return url;
}

/** Opens a set-password link in a browser of its own (the person it was handed to) and sets `password`. */
async function useLink(browser: Browser, url: string, who: { name: string; email: string }, password: string, screenshot: string): Promise<Page> {
  const page = await freshPage(browser);
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Set your password" })).toBeVisible();
  await expect(page.getByText(`For ${who.name} (${who.email}). The link works once.`)).toBeVisible();
  const form = page.getByRole("form", { name: "Set password" });
  // The strength rule holds here too.
  await form.getByLabel("New password").fill("password1234");
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(form.getByText(/Choose a stronger password/)).toBeVisible();
  await form.getByLabel("New password").fill(password);
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Password set", { exact: true })).toBeVisible();
  await page.screenshot({ path: shot(screenshot), fullPage: true });
  return page;
}

/** A used (or replaced) link opened again: refused, with the way to a new one. */
async function expectLinkSpent(browser: Browser, url: string): Promise<void> {
  const page = await freshPage(browser);
  await page.goto(url);
  await expect(page.getByText("This link is invalid or has expired")).toBeVisible();
  await expect(page.getByRole("form", { name: "Set password" })).toHaveCount(0);
  await page.context().close();
}

test("an admin invites a user with a one-time link; opened elsewhere it sets their password, they sign in, and it works only once", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const who = { name: "Ines Invited", email: `ines-${Date.now()}@example.com` };
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "New user" }).click();
  const dialog = page.getByRole("dialog", { name: "New user" });
  await dialog.getByLabel("Name").fill(who.name);
  await dialog.getByLabel("Email").fill(who.email);
  await dialog.getByLabel("Role").selectOption("operator");
  await dialog.getByRole("radio", { name: /Invite with a link/ }).check();
  await dialog.getByRole("button", { name: "Create user" }).click();
  const url = await takeLink(page, "invite-link");
  await expect(page.getByTestId(`user-row-${who.email}`)).toContainText(who.name);

  // Before the link is used the account has no password at all.
  const early = await freshPage(browser);
  await submitSignIn(early, who.email, FIRST);
  await expect(early.locator("form [role=alert]")).toHaveText("Email or password is incorrect.");
  await early.context().close();

  const invited = await useLink(browser, url, who, FIRST, "invite-password-set");
  await invited.getByRole("link", { name: "Sign in" }).click();
  await expect(invited).toHaveURL(/\/sign-in/);
  await signInAs(invited, who.email, FIRST);
  // Signed in with the role the admin chose: an operator sees no Users page.
  await expect(invited.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await invited.screenshot({ path: shot("invite-signed-in"), fullPage: true });
  await invited.context().close();

  await expectLinkSpent(browser, url);
});

test("an admin resets a user's password with a link: once it is used the old password stops working and their sessions end", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const who = { name: "Rita Reset", email: `rita-${Date.now()}@example.com` };
  await signIn(page, "admin");
  await createUser(page, { ...who, role: "viewer" });

  const before = await freshPage(browser);
  await signInAs(before, who.email, FIRST);

  await page.getByRole("button", { name: `Actions for ${who.email}` }).click();
  await page.getByRole("menuitem", { name: "Reset password…" }).click();
  const dialog = page.getByRole("dialog", { name: `Reset the password of ${who.name}` });
  await dialog.getByRole("radio", { name: /A set-password link/ }).check();
  await dialog.getByRole("button", { name: "Create link" }).click();
  await expect(dialog).toBeHidden();
  const url = await takeLink(page, "reset-link");

  // Until the link is used nothing changes: the old password still signs in.
  const stillOld = await freshPage(browser);
  await signInAs(stillOld, who.email, FIRST);
  await stillOld.context().close();

  const reset = await useLink(browser, url, who, SECOND, "reset-password-set");
  await reset.context().close();

  // The session from before the reset is gone: its next request lands on sign-in.
  // (A page load, not a client-side link: the link's soft navigation turned hard mid-click and left
  // Playwright waiting on it in CI.)
  await before.goto("/batches");
  await expect(before).toHaveURL(/\/sign-in/);
  await submitSignIn(before, who.email, FIRST);
  await expect(before.locator("form [role=alert]")).toHaveText("Email or password is incorrect.");
  await signInAs(before, who.email, SECOND);
  await before.context().close();

  await expectLinkSpent(browser, url);
});
