import { expect, type Page } from "@playwright/test";

/** The seeded demo accounts (server/seed/demo-users.ts). */
export const ACCOUNTS = {
  admin: { email: "admin@batchdesk.local", password: "batchdesk-admin", name: "Ada Admin" },
  operator: { email: "operator@batchdesk.local", password: "batchdesk-operator", name: "Oscar Operator" },
  viewer: { email: "viewer@batchdesk.local", password: "batchdesk-viewer", name: "Vera Viewer" },
} as const;

export type DemoRole = keyof typeof ACCOUNTS;

/** Fills the sign-in form at `/sign-in` (optionally with `?next=`) and submits it. */
export async function submitSignIn(page: Page, email: string, password: string, next?: string): Promise<void> {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in through the UI as a demo account and waits for the console to load. */
export async function signIn(page: Page, role: DemoRole, next = "/dashboard"): Promise<void> {
  const { email, password } = ACCOUNTS[role];
  await submitSignIn(page, email, password, next);
  await page.waitForURL((url) => url.pathname === new URL(next, "http://x").pathname);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}
