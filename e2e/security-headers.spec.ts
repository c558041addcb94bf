import { expect, test, type Page } from "@playwright/test";
import { openResource, signIn } from "./fixtures";

// The Content-Security-Policy is one the console actually passes: Chromium enforces it on every
// page and reports no violation while the pages do their work (hydration, tRPC calls, dialogs).

/** Collects CSP violations (as the page sees them) and console errors of `page` from now on. */
async function watchForViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return problems;
}

test("every page is served with a nonce CSP it passes: no violation or console error on sign-in and console pages", async ({ page }) => {
  test.setTimeout(90_000);
  const problems = await watchForViolations(page);
  const signInPage = await page.goto("/sign-in");
  const csp = signInPage!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  // Next put this response's nonce on its own scripts; a second load gets another nonce.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  const again = (await page.request.get("/sign-in")).headers()["content-security-policy"] ?? "";
  expect(again).not.toContain(nonce);

  await signIn(page, "operator");
  for (const path of ["/dashboard", "/batches", "/exports"]) {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.waitForLoadState("networkidle");
  }
  await openResource(page, "letters");
  // A dialog (Radix, with inline positioning styles) and a tRPC mutation-free interaction.
  await page.getByRole("table").locator("tbody tr[aria-rowindex]").first().getByRole("checkbox").check();
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
});

test("inline code without the nonce is blocked and reported (the policy is enforced, not just sent)", async ({ page }) => {
  const problems = await watchForViolations(page);
  await page.goto("/sign-in");
  // An injected inline handler, as markup an attacker slipped into the page would carry.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<img src="/no-such-image.png" onerror="document.title='injected'">`));
  await expect.poll(() => problems.some((p) => p.includes("CSP violation: script-src"))).toBe(true);
  expect(await page.title()).not.toBe("injected");
});

test("pages and API responses carry the security headers; a page cannot be framed", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health", "/api/trpc/me.get"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    const h = res.headers();
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["referrer-policy"], path).toBe("same-origin");
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    // The app under test is served over http: HSTS would be wrong there.
    expect(h["strict-transport-security"], path).toBeUndefined();
  }
  expect((await request.get("/api/health")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});
