import { expect, test } from "@playwright/test";
import { ACCOUNTS, signIn, submitSignIn } from "./fixtures";

test.describe("signed out", () => {
  test("visiting the dashboard signed out leads to sign-in", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: "Sign in to your console" })).toBeVisible();
  });

  test("the server answers a signed-out page request with a redirect, before rendering anything", async ({ request }) => {
    const res = await request.get("/resources/letters?sort=title&page=3", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers()["location"]).toMatch(/\/sign-in\?next=%2Fresources%2Fletters%3Fsort%3Dtitle%26page%3D3$/);
  });

  test("a session cookie the server does not know still leads to sign-in", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "batchdesk.session_token", value: "forged.value", url: baseURL! }]);
    await page.goto("/exports");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fexports$/);
    await expect(page.getByRole("heading", { name: "Sign in to your console" })).toBeVisible();
  });

  test("signing in returns to the page that was asked for", async ({ page }) => {
    await page.goto("/batches");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fbatches$/);
    await page.getByLabel("Email").fill(ACCOUNTS.operator.email);
    await page.getByLabel("Password").fill(ACCOUNTS.operator.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/batches");
    await expect(page.getByRole("heading", { name: "Batches", level: 1 })).toBeVisible();
  });

  test("a wrong password shows a clear message and stays on sign-in", async ({ page }) => {
    await submitSignIn(page, ACCOUNTS.admin.email, "not-the-password");
    await expect(page.locator("form [role=alert]")).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByLabel("Password")).toBeFocused();
  });

  test("an empty or malformed email is explained next to the field", async ({ page }) => {
    await page.goto("/sign-in");
    const email = page.getByLabel("Email");
    const submit = page.getByRole("button", { name: "Sign in", exact: true });

    await submit.click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toBeFocused();

    await email.fill("admin-at-batchdesk");
    await page.getByLabel("Password").fill("whatever1");
    await submit.click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeHidden();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("an unknown address shows a friendly 404", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test.describe("signed in", () => {
  test("an admin sees resource counts, queues, workers and the admin role", async ({ page }) => {
    await signIn(page, "admin");
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();

    const letters = page.getByTestId("resource-card-letters");
    await expect(letters).toContainText("Letters");
    await expect(letters).toContainText(/\d[\d,]* records/);
    await expect(letters).toHaveAttribute("href", "/resources/letters");
    await expect(page.getByRole("table", { name: "Jobs per queue" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Workers" })).toBeVisible();

    const user = page.getByTestId("current-user");
    await expect(user).toContainText(ACCOUNTS.admin.name);
    await expect(user).toContainText(ACCOUNTS.admin.email);
    await expect(user.getByTestId("role-badge")).toHaveText("admin");
    await expect(page.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");

    await page.screenshot({ path: "e2e/artifacts/dashboard.png", fullPage: true });
  });

  test("a viewer sees the viewer role", async ({ page }) => {
    await signIn(page, "viewer");
    await expect(page.getByTestId("current-user").getByTestId("role-badge")).toHaveText("viewer");
    // The audit log is for admins only; others are not offered a page that would refuse them.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Exports" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
  });

  test("the navigation moves between sections and highlights the current one", async ({ page }) => {
    await signIn(page, "admin");
    const nav = page.getByRole("navigation", { name: "Main" });
    // Each section's own content is checked by its own spec; this one checks the navigation.
    for (const [label, heading] of [
      ["Batches", "Batches"],
      ["Exports", "Exports"],
      ["Audit", "Audit log"],
    ] as const) {
      await nav.getByRole("link", { name: label }).click();
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
    }
    await nav.getByRole("link", { name: "Resources" }).click();
    await page.getByRole("link", { name: "Letters" }).click();
    await page.waitForURL("**/resources/letters");
    await expect(nav.getByRole("link", { name: "Resources" })).toHaveAttribute("aria-current", "page");
  });

  test("signing out returns to sign-in and locks the console again", async ({ page }) => {
    await signIn(page, "operator");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});
