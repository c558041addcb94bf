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

/** Where screenshots kept as test artifacts go. */
export const shot = (name: string) => `e2e/artifacts/${name}.png`;

/**
 * Appends demo rows to the database the app under test uses (DATABASE_URL of the test run), e.g.
 * `seedRows({ letters: 100_000 })` (~3 s for 100k).
 */
export async function seedRows(counts: Record<string, number>): Promise<void> {
  const { execFileSync } = await import("node:child_process");
  if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to the e2e database to seed rows.");
  const args = Object.entries(counts).flatMap(([k, n]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(n)]);
  // --demo: the demo accounts own the rows, as they own the first ones (not users a spec created).
  execFileSync("npx", ["tsx", "scripts/seed.ts", "--demo", ...args], { stdio: "pipe", env: process.env, timeout: 120_000 });
}

/** Opens a resource's table and waits for its first rows. */
export async function openResource(page: Page, resource: string, query = ""): Promise<void> {
  await page.goto(`/resources/${resource}${query ? `?${query}` : ""}`);
  await expect(page.getByRole("table").locator("tbody tr[aria-rowindex]").first()).toBeVisible();
}

/** Opens a column's filter panel in the resource table, fills it with `apply`, and applies it. */
export async function columnFilter(page: Page, label: string, apply: (panel: ReturnType<Page["getByRole"]>) => Promise<void>): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`^Filter ${label}`) }).click();
  const panel = page.getByRole("dialog", { name: `Filter ${label}` });
  await apply(panel);
  await panel.getByRole("button", { name: "Apply" }).click();
  await expect(panel).toBeHidden();
}

/**
 * Another user editing a row of the app's database: the row stays locked (a batch reaching it waits
 * there) until `commit`, which saves the edit (a new version, so a batch that waited ends the row as
 * a conflict). Keeps a fast batch from finishing before a test is done with it.
 */
export async function editRowSlowly(table: string, where: string): Promise<{ commit: () => Promise<void> }> {
  const { default: pg } = await import("pg");
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query("BEGIN");
  await db.query(`SELECT 1 FROM ${table} WHERE ${where} FOR UPDATE`);
  return {
    commit: async () => {
      await db.query(`UPDATE ${table} SET version = version + 1, updated_at = now() WHERE ${where}`);
      await db.query("COMMIT");
      await db.end();
    },
  };
}
