import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect as baseExpect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { shot, signIn } from "./fixtures";

const expect = baseExpect.configure({ timeout: 20_000 });

// The Webhooks page against the real server and worker: an endpoint added there receives a signed
// delivery when a batch ends, and the delivery shows in its log.
test("a webhook added on its page receives a signed delivery when a batch ends, and its log shows it", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("got it");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/e2e-${Date.now()}`;
  try {
    await signIn(page, "admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    const form = page.getByRole("form", { name: "New webhook" });
    await form.getByLabel("URL").fill(url);
    await form.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await page.getByTestId("new-webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByTestId(`webhook-row-${url}`)).toContainText("Enabled");

    // A batch through seed 003's jobs endpoint; the worker runs it and the end goes out.
    const job = await page.request.post("/api/v1/batch/jobs", {
      headers: { origin: new URL(baseURL!).origin },
      data: { batch: { type: "letters_update", operations: [{ type: "update", resource: "letters", filter: { status: "draft" }, update: { title: "Webhook e2e" } }] } },
    });
    expect(job.status(), await job.text()).toBe(201);
    await expect.poll(() => received.length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    const payload = new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as { type: string; event: { type: string } };
    expect(payload).toMatchObject({ type: "batch_event", event: { type: "job_completed" } });

    await page.getByTestId(`webhook-row-${url}`).getByRole("button", { name: "Deliveries" }).click();
    const log = page.getByRole("table", { name: "Webhook deliveries" });
    await expect(log).toContainText("delivered");
    await expect(log).toContainText("got it");
    await page.screenshot({ path: shot("webhook-deliveries"), fullPage: true });
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
