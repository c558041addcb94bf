import { defineConfig, devices } from "@playwright/test";
import { setting } from "./server/config";

const port = setting("E2E_PORT");
const ci = setting("CI") !== undefined;
const baseURL = `http://localhost:${port}`;

/**
 * End-to-end tests against the production build (`npm start` migrates and builds when sources
 * changed). Pass DATABASE_URL for a database the tests may own, with the demo accounts in it
 * (`npm run seed -- --demo`; scripts/test.ts does both): a real database starts with no account.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/artifacts/test-results",
  // One server and one database shared by every test: run them one after another.
  fullyParallel: false,
  workers: 1,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  reporter: [
    [ci ? "dot" : "list"],
    ["html", { outputFolder: "e2e/artifacts/report", open: "never" }],
    // scripts/test.ts reads the tally from this file when it names one.
    ...(setting("PLAYWRIGHT_JSON_OUTPUT_NAME") ? [["json"] as ["json"]] : []),
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // The system Chromium: no browser download needed on machines without internet.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    // Every test signs in through the form; the production limit (10 a minute) would throttle the suite.
    // The media fetch and webhook tests serve files and receive deliveries on this machine, which the app refuses by default.
    env: { PORT: String(port), AUTH_SIGNIN_PER_MINUTE: String(setting("AUTH_SIGNIN_PER_MINUTE", 1000)), MEDIA_FETCH_ALLOW_PRIVATE: "true", WEBHOOK_ALLOW_PRIVATE: "true" },
    // The first run builds the app (~1–2 min) before it listens.
    timeout: 600_000,
    reuseExistingServer: !ci,
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
