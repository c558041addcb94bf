import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { unzip } from "../tests/helpers/unzip";
import { openResource, shot, signIn } from "./fixtures";

/** The bytes served for /file/<n>: n bytes of a pattern that depends on n. */
const fileBytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 13 + n) % 256));

// The worker of the app under test downloads from this server, on the same machine.
let server: http.Server;
let base = "";

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const m = /^\/file\/(\d+)$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not here");
      return;
    }
    const body = fileBytes(Number(m[1]));
    // Half the body, a pause, then the rest: long enough for the page to show a download under way
    // (its progress is written once a second, and a busy machine renders late).
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": body.length });
    res.write(body.subarray(0, body.length / 2));
    setTimeout(() => res.end(body.subarray(body.length / 2)), 4_000);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Media files owned by the demo operator, named `<prefix>-<n>.bin`, pointing at the local server. */
async function mediaFiles(prefix: string, paths: string[]): Promise<void> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO media_files (name, source_url, owner_id)
       SELECT $1 || '-' || p.n || '.bin', $2 || p.path, (SELECT id FROM users WHERE email = 'operator@batchdesk.local')
       FROM unnest($3::text[]) WITH ORDINALITY AS p(path, n)`,
      [prefix, base, paths],
    );
  } finally {
    await db.end();
  }
}

test("an operator fetches selected media files, watches each one, downloads them one by one and as a zip, and fetches the failed one again", async ({ page }) => {
  // Two fetches of slow downloads, a zip and per-file downloads: more than the default 30 s when busy.
  test.setTimeout(90_000);
  const prefix = `e2e-fetch-${Date.now()}`;
  await mediaFiles(prefix, ["/file/40000", "/missing", "/file/25000"]);
  await signIn(page, "operator", "/dashboard");
  await openResource(page, "media_files", `q=${prefix}`);
  await expect(page.getByRole("table").locator("tbody tr[aria-rowindex]")).toHaveCount(3);
  await page.getByLabel("Select all rows on this page").check();
  await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Fetch files" }).click();

  const dialog = page.getByRole("dialog", { name: "Fetch 3 files" });
  await dialog.getByLabel("Downloads at once").selectOption("2");
  await dialog.getByRole("button", { name: "Start fetch" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Fetch files");
  await expect(page.getByText("Download each file's source URL into storage, 2 at a time")).toBeVisible();

  const items = page.getByTestId("fetch-item");
  await expect(items).toHaveCount(3);
  // The first two start together; the slow server holds them mid-way.
  await expect(items.nth(0)).toHaveAttribute("data-state", "downloading", { timeout: 15_000 });
  await page.screenshot({ path: shot("media-fetch-running"), fullPage: true });

  await expect(page.getByTestId("batch-state")).toHaveText("Completed with errors", { timeout: 30_000 });
  await expect(items.nth(0)).toHaveAttribute("data-state", "downloaded");
  await expect(items.nth(1)).toHaveAttribute("data-state", "failed");
  await expect(items.nth(1)).toContainText("The server answered 404 Not Found.");
  await expect(items.nth(2)).toHaveAttribute("data-state", "downloaded");
  await expect(items.nth(0)).toContainText("39 KB of 39 KB");
  await expect(page.getByTestId("fetch-summary")).toHaveText("2 downloaded · 0 already there · 1 failed of 3");
  await page.screenshot({ path: shot("media-fetch-done"), fullPage: true });

  const [one] = await Promise.all([page.waitForEvent("download"), items.nth(0).getByRole("link", { name: `Download ${prefix}-1.bin` }).click()]);
  expect(one.suggestedFilename()).toBe(`${prefix}-1.bin`);
  expect(fs.readFileSync((await one.path())!).equals(fileBytes(40_000))).toBe(true);

  const [zip] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download all (.zip)" }).click()]);
  expect(zip.suggestedFilename()).toMatch(/^media-files_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.zip$/);
  const entries = unzip(fs.readFileSync((await zip.path())!));
  expect([...entries.keys()]).toEqual([`${prefix}-1.bin`, `${prefix}-3.bin`]);
  expect(entries.get(`${prefix}-3.bin`)!.equals(fileBytes(25_000))).toBe(true);

  // The table shows the new download states.
  await openResource(page, "media_files", `q=${prefix}`);
  await expect(page.getByRole("table").getByText("downloaded", { exact: true })).toHaveCount(2);

  await page.goBack();
  const first = page.url();
  await page.getByRole("button", { name: "Fetch failed files again" }).click();
  await page.waitForURL((url) => url.href !== first && /\/batches\/[0-9a-f-]{36}$/.test(url.pathname));
  await expect(page.getByTestId("fetch-item")).toHaveCount(1);
  await expect(page.getByTestId("fetch-item").first()).toContainText(`${prefix}-2.bin`);
  await expect(page.getByTestId("batch-state")).toHaveText("Completed with errors", { timeout: 30_000 });
});
