// `npm run web`, and the web process of `npm start`: the Next.js app behind a small Node HTTP server
// whose one extra job is the client's address. It computes that address from the socket (or from
// X-Forwarded-For past TRUSTED_PROXIES) and writes it into a header the app owns, replacing anything a
// client sent, so the sign-in limits and session IPs cannot be chosen by the client.
import "../../scripts/lib/require-node";
import "../config-check";
import http from "node:http";
import path from "node:path";
import next from "next";
import { stampClientIp, trustedRanges } from "../auth/client-ip";
import { setting } from "../config";
import { logger } from "../logger";
import { withoutSeedTrailingSlash } from "./seed-paths";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dev = process.argv.includes("--dev");
// `npm start` has already looked for the first admin (and says so in its banner).
const firstAdminDone = process.argv.includes("--first-admin-done");
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? (dev ? "development" : "production") });

const port = setting("PORT");
const ranges = trustedRanges(setting("TRUSTED_PROXIES"));

if (!firstAdminDone) {
  const { ensureFirstAdmin, FIRST_ADMIN_HINT } = await import("../users/first-admin");
  const { disconnect } = await import("../db");
  const outcome = await ensureFirstAdmin().catch((err: unknown) => {
    logger.fatal({ err }, err instanceof Error ? err.message : "first-admin setup failed");
    process.exit(1);
  });
  if (outcome === "created") logger.warn("created the first admin from BATCHDESK_ADMIN_EMAIL; remove BATCHDESK_ADMIN_EMAIL and BATCHDESK_ADMIN_PASSWORD from the environment");
  if (outcome === "missing") logger.warn(FIRST_ADMIN_HINT);
  // The app opens its own pool; this one was only for the setup.
  await disconnect();
}

const app = next({ dev, dir: ROOT, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  stampClientIp(req, ranges);
  if (req.url) req.url = withoutSeedTrailingSlash(req.url);
  handle(req, res).catch((err: unknown) => {
    logger.error({ err, url: req.url }, "request failed outside the app");
    if (!res.headersSent) res.writeHead(500).end();
  });
});
// The dev server's hot reload talks over a websocket.
if (dev) {
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => {
    stampClientIp(req, ranges);
    void upgrade(req, socket, head);
  });
}
server.listen(port, () => logger.info({ port, url: setting("APP_URL"), dev, trustedProxies: setting("TRUSTED_PROXIES") }, "web started"));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "web stopping");
  server.close();
  server.closeIdleConnections();
  await app.close().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
