// Every environment variable the app, its scripts and its tests read, parsed by one rule: unset or
// blank gives the default; anything else must be a valid value (0 included where the minimum is 0)
// and is never silently replaced by the default. Values are read at call time, because tests change
// process.env while running. Imports nothing, so any module (and the Playwright and Prisma configs)
// may use it.

const REFUSED = Symbol("refused");

/** How a non-blank value is read; `expects` completes "<NAME> must be …". */
type Kind<T> = { expects: string; parse: (raw: string) => T | typeof REFUSED };

type Spec<T> = Kind<T> & {
  fallback: () => T;
  description: string;
  /** Development and test tooling, not a setting of the app itself. */
  dev: boolean;
};

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER): Kind<number> => ({
  expects: max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`,
  parse: (raw) => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= min && n <= max ? n : REFUSED;
  },
});

const port = wholeNumber(1, 65_535);

const BOOLEANS: Record<string, boolean> = { true: true, false: false, on: true, off: false, "1": true, "0": false };
const boolean: Kind<boolean> = { expects: "true or false (or on/off, 1/0)", parse: (raw) => BOOLEANS[raw.toLowerCase()] ?? REFUSED };

const text: Kind<string> = { expects: "text", parse: (raw) => raw };

const list: Kind<readonly string[]> = {
  expects: "a comma-separated list",
  parse: (raw) => raw.split(",").map((s) => s.trim()).filter(Boolean),
};

// An IPv4/IPv6 address, optionally with a prefix length; checked here so a typo is not silently no proxy.
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const isCidr = (entry: string) => {
  const [addr = "", prefix, ...rest] = entry.split("/");
  if (rest.length) return false;
  const v4 = IPV4.test(addr);
  const v6 = !v4 && /^[0-9a-f:.]+$/i.test(addr) && addr.includes(":") && URL.canParse(`http://[${addr}]/`);
  if (!v4 && !v6) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128));
};
const cidrList: Kind<readonly string[]> = {
  expects: "a comma-separated list of IP addresses or CIDR ranges (10.0.0.0/8, ::1)",
  parse: (raw) => {
    const entries = list.parse(raw);
    return entries !== REFUSED && entries.every(isCidr) ? entries : REFUSED;
  },
};

const oneOf = <const T extends string>(values: readonly T[]): Kind<T> => ({
  expects: `one of ${values.join(", ")}`,
  parse: (raw) => values.find((v) => v === raw) ?? REFUSED,
});

const httpUrl: Kind<string> = {
  expects: "an http(s) URL such as https://batchdesk.example.com",
  parse: (raw) => (URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol) ? raw : REFUSED),
};

const smtpUrl: Kind<string> = {
  expects: "an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587",
  parse: (raw) => (URL.canParse(raw) && /^smtps?:$/.test(new URL(raw).protocol) ? raw : REFUSED),
};

// pg-boss takes five fields, or six with seconds first; the fields themselves it checks when scheduling.
const cron: Kind<string> = { expects: "a cron expression of 5 or 6 fields", parse: (raw) => (/^\S+(\s+\S+){4,5}$/.test(raw) ? raw : REFUSED) };

const pgMemory: Kind<string> = { expects: "a PostgreSQL memory size such as 128MB or 1GB", parse: (raw) => (/^\d+\s*(kB|MB|GB|TB)?$/.test(raw) ? raw : REFUSED) };

const app = <T>(kind: Kind<T>, fallback: T, description: string): Spec<T> => ({ ...kind, fallback: () => fallback, description, dev: false });
const appOptional = <T>(kind: Kind<T>, description: string): Spec<T | undefined> => ({ ...kind, fallback: () => undefined, description, dev: false });
const dev = <T>(kind: Kind<T>, fallback: T, description: string): Spec<T> => ({ ...kind, fallback: () => fallback, description, dev: true });
const devOptional = <T>(kind: Kind<T>, description: string): Spec<T | undefined> => ({ ...kind, fallback: () => undefined, description, dev: true });

/** The table of every variable: its parser, default and meaning (README.md, Configuration, lists the same). */
export const SETTINGS = {
  DATABASE_URL: appOptional(text, "PostgreSQL to use; `npm start` runs the embedded one when unset"),
  DATABASE_OWNER_URL: appOptional(text, "a role owning the schema, for migrations; the DATABASE_URL role then gets only what the app needs"),
  PORT: app(port, 3000, "web port"),
  APP_URL: { ...httpUrl, fallback: (): string => `http://localhost:${setting("PORT")}`, description: "public origin (auth callbacks, trusted origins)", dev: false },
  BETTER_AUTH_SECRET: appOptional(text, "session signing secret; when unset, read from (or generated once into) .data/auth-secret"),
  TRUSTED_ORIGINS: app(list, [], "extra origins allowed to sign in"),
  TRUSTED_PROXIES: app(cidrList, [], "IPs/CIDRs of reverse proxies whose X-Forwarded-For names the client"),
  BATCHDESK_ADMIN_EMAIL: appOptional(text, "first admin's email, read on a start while no admin exists"),
  BATCHDESK_ADMIN_PASSWORD: appOptional(text, "first admin's password, read on a start while no admin exists"),
  EMBEDDED_PG_PORT: app(port, 54329, "port of the embedded PostgreSQL"),
  BATCHDESK_DATA_DIR: appOptional(text, "where the embedded database and secret live (default .data)"),
  BATCHDESK_SERVICE: app(text, "batchdesk", "process name in logs and pg_stat_activity"),
  DB_POOL_MAX: app(wholeNumber(1), 10, "PostgreSQL connections per process"),
  DB_CONNECT_TIMEOUT_MS: app(wholeNumber(1), 15_000, "how long a query waits for a free pool connection before it fails"),
  WEB_DB_STATEMENT_TIMEOUT_MS: app(wholeNumber(0), 60_000, "statement_timeout of the web app's connections; 0: none"),
  WEB_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: app(wholeNumber(0), 30_000, "idle_in_transaction_session_timeout of the web app's connections; 0: none"),
  DOWNLOADS_PER_USER: app(wholeNumber(1), 4, "downloads (files, zips, results CSVs) one user may have running at once, over all web processes"),
  PROGRESS_STREAMS_PER_USER: app(wholeNumber(1), 12, "progress streams one user may have open at once, over all web processes"),
  PROGRESS_STREAM_MAX_MS: app(wholeNumber(1000), 600_000, "the longest one progress stream stays open before the client reconnects"),
  PROGRESS_STREAM_QUIET_MS: app(wholeNumber(1000), 60_000, "a progress stream of a batch that is not moving ends after this long without change"),
  WORKER_BOSS_POOL_MAX: app(wholeNumber(1), 4, "pg-boss connections per worker process"),
  WORKER_DB_POOL_MAX: appOptional(wholeNumber(1), "main pool of each worker process; unset: what its job concurrencies need (a smaller value refuses to start)"),
  LOG_LEVEL: app(oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info", "pino log level"),
  BATCH_MAX_ROWS_ADMIN: app(wholeNumber(0), 1_000_000, "rows one batch of an admin may touch"),
  BATCH_MAX_ROWS_OPERATOR: app(wholeNumber(0), 50_000, "rows one batch of an operator may touch"),
  BATCH_MAX_ROWS_VIEWER: app(wholeNumber(0), 0, "rows one batch of a viewer may touch"),
  BATCHES_PER_HOUR_ADMIN: app(wholeNumber(0), 500, "batches and fetches an admin may start per hour"),
  APPROVAL_TTL_HOURS: app(wholeNumber(1, 24 * 365), 72, "hours a request for approval waits for approvers, and an approval waits for its commit, before it lapses"),
  BATCHES_PER_HOUR_OPERATOR: app(wholeNumber(0), 60, "batches and fetches an operator may start per hour"),
  BATCHES_PER_HOUR_VIEWER: app(wholeNumber(0), 0, "batches and fetches a viewer may start per hour"),
  EXPORT_MAX_ROWS_ADMIN: app(wholeNumber(0), 5_000_000, "rows one export of an admin may hold"),
  EXPORT_MAX_ROWS_OPERATOR: app(wholeNumber(0), 1_000_000, "rows one export of an operator may hold"),
  EXPORT_MAX_ROWS_VIEWER: app(wholeNumber(0), 200_000, "rows one export of a viewer may hold"),
  EXPORTS_PER_HOUR_ADMIN: app(wholeNumber(0), 120, "exports an admin may start per hour"),
  EXPORTS_PER_HOUR_OPERATOR: app(wholeNumber(0), 30, "exports an operator may start per hour"),
  EXPORTS_PER_HOUR_VIEWER: app(wholeNumber(0), 10, "exports a viewer may start per hour"),
  AUTH_SIGNIN_PER_MINUTE: app(wholeNumber(1), 10, "sign-in attempts per client IP per minute"),
  AUTH_SIGNIN_PER_ACCOUNT: app(wholeNumber(1), 10, "failed sign-ins per email address per window"),
  AUTH_SIGNIN_ACCOUNT_WINDOW_MINUTES: app(wholeNumber(1), 15, "the window of the per-address sign-in limit, in minutes"),
  AUTH_RATE_LIMIT: app(boolean, true, "better-auth's rate limits; off in the test suite"),
  API_RATE_JOB_CREATION_PER_HOUR_ADMIN: app(wholeNumber(1), 100, "job-creating requests (batches, exports, fetches) one API token of an admin may make per hour"),
  API_RATE_JOB_CREATION_PER_HOUR_OPERATOR: app(wholeNumber(1), 10, "job-creating requests (batches, exports, fetches) one API token of an operator may make per hour"),
  API_RATE_JOB_CREATION_PER_HOUR_VIEWER: app(wholeNumber(1), 10, "job-creating requests (batches, exports, fetches) one API token of a viewer may make per hour"),
  API_RATE_STATUS_CHECK_PER_HOUR_ADMIN: app(wholeNumber(1), 6_000, "status, items and list reads one API token of an admin may make per hour"),
  API_RATE_STATUS_CHECK_PER_HOUR_OPERATOR: app(wholeNumber(1), 600, "status, items and list reads one API token of an operator may make per hour"),
  API_RATE_STATUS_CHECK_PER_HOUR_VIEWER: app(wholeNumber(1), 600, "status, items and list reads one API token of a viewer may make per hour"),
  API_RATE_TEMPLATE_MANAGEMENT_PER_HOUR_ADMIN: app(wholeNumber(1), 1_000, "template requests one API token of an admin may make per hour"),
  API_RATE_TEMPLATE_MANAGEMENT_PER_HOUR_OPERATOR: app(wholeNumber(1), 100, "template requests one API token of an operator may make per hour"),
  API_RATE_TEMPLATE_MANAGEMENT_PER_HOUR_VIEWER: app(wholeNumber(1), 100, "template requests one API token of a viewer may make per hour"),
  API_RATE_DEFAULT_PER_HOUR_ADMIN: app(wholeNumber(1), 6_000, "other requests one API token of an admin may make per hour"),
  API_RATE_DEFAULT_PER_HOUR_OPERATOR: app(wholeNumber(1), 600, "other requests one API token of an operator may make per hour"),
  API_RATE_DEFAULT_PER_HOUR_VIEWER: app(wholeNumber(1), 600, "other requests one API token of a viewer may make per hour"),
  CONSOLE_RATE_JOB_CREATION_PER_HOUR_ADMIN: app(wholeNumber(1), 3_600, "job-creating requests (batches, exports, fetches) an admin in the console may make per hour"),
  CONSOLE_RATE_JOB_CREATION_PER_HOUR_OPERATOR: app(wholeNumber(1), 3_600, "job-creating requests (batches, exports, fetches) an operator in the console may make per hour"),
  CONSOLE_RATE_JOB_CREATION_PER_HOUR_VIEWER: app(wholeNumber(1), 3_600, "job-creating requests (batches, exports, fetches) a viewer in the console may make per hour"),
  CONSOLE_RATE_STATUS_CHECK_PER_HOUR_ADMIN: app(wholeNumber(1), 36_000, "status, items and list reads an admin in the console may make per hour"),
  CONSOLE_RATE_STATUS_CHECK_PER_HOUR_OPERATOR: app(wholeNumber(1), 36_000, "status, items and list reads an operator in the console may make per hour"),
  CONSOLE_RATE_STATUS_CHECK_PER_HOUR_VIEWER: app(wholeNumber(1), 36_000, "status, items and list reads a viewer in the console may make per hour"),
  CONSOLE_RATE_TEMPLATE_MANAGEMENT_PER_HOUR_ADMIN: app(wholeNumber(1), 3_600, "template requests an admin in the console may make per hour"),
  CONSOLE_RATE_TEMPLATE_MANAGEMENT_PER_HOUR_OPERATOR: app(wholeNumber(1), 3_600, "template requests an operator in the console may make per hour"),
  CONSOLE_RATE_TEMPLATE_MANAGEMENT_PER_HOUR_VIEWER: app(wholeNumber(1), 3_600, "template requests a viewer in the console may make per hour"),
  CONSOLE_RATE_DEFAULT_PER_HOUR_ADMIN: app(wholeNumber(1), 36_000, "other requests an admin in the console may make per hour"),
  CONSOLE_RATE_DEFAULT_PER_HOUR_OPERATOR: app(wholeNumber(1), 36_000, "other requests an operator in the console may make per hour"),
  CONSOLE_RATE_DEFAULT_PER_HOUR_VIEWER: app(wholeNumber(1), 36_000, "other requests a viewer in the console may make per hour"),
  IDEMPOTENCY_KEY_TTL_HOURS: app(wholeNumber(1), 24, "hours an Idempotency-Key and its first response are kept"),
  IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS: app(wholeNumber(1), 30, "an Idempotency-Key claim not renewed this long (its process died) may be retried"),
  CHUNK_MAX_ATTEMPTS: app(wholeNumber(1), 5, "failed runs of one chunk (errors not about its data) after which its batch fails"),
  MEDIA_FETCH_MAX_FILES: app(wholeNumber(1), 1000, "media files one fetch batch may download"),
  MEDIA_FETCH_MAX_FILE_BYTES: app(wholeNumber(1), 1024 ** 3, "largest file one download may store"),
  MEDIA_FETCH_IDLE_TIMEOUT_MS: app(wholeNumber(1), 60_000, "a download receiving nothing this long fails"),
  MEDIA_FETCH_MIN_BYTES_PER_SECOND: app(wholeNumber(0), 1024, "a download averaging less over an idle-timeout window fails; 0: no minimum"),
  MEDIA_FETCH_MAX_DOWNLOAD_MS: app(wholeNumber(1), 3_600_000, "the longest one download may take"),
  MEDIA_FETCH_DOWNLOADS_PER_WORKER: app(wholeNumber(1), 6, "downloads one worker process runs at once, over all its fetches"),
  MEDIA_FETCH_ALLOW_PRIVATE: app(boolean, false, "media fetches may reach private and loopback addresses"),
  SEED_BATCH_MAX_TARGETS: app(wholeNumber(1), 1000, "targets (ids or items) one call of the OpenPenPal batch API (seed 000) may name"),
  SEED_BATCH_WAIT_SECONDS: app(wholeNumber(0, 60), 5, "how long the OpenPenPal batch API's execute waits for its batch to finish before answering with the job's state"),
  SEED_MEDIA_MAX_FILES: app(wholeNumber(1), 50, "files one media batch download (seed 004) may name"),
  VESSEL_INFO_MAX_ITEMS: app(wholeNumber(1), 100, "records (or queries) one vessel-info bulk request of seed 001 may carry"),
  VESSEL_INFO_WAIT_SECONDS: app(wholeNumber(0), 30, "how long a vessel-info bulk create/update/delete waits for its batch before answering 202 with where it got to"),
  WEBHOOK_ALLOW_PRIVATE: app(boolean, false, "webhook deliveries may reach private and loopback addresses"),
  WEBHOOK_TIMEOUT_MS: app(wholeNumber(100, 120_000), 10_000, "how long one webhook delivery waits for the receiver's answer"),
  WEBHOOK_MAX_ATTEMPTS: app(wholeNumber(1, 50), 8, "attempts per webhook delivery before it is marked failed"),
  WEBHOOK_RETRY_BASE_SECONDS: app(wholeNumber(0, 3600), 10, "delay before a webhook delivery's first retry; each later retry waits twice as long (at most 6 hours)"),
  WEBHOOK_DISABLE_AFTER_FAILURES: app(wholeNumber(1), 20, "consecutive failed attempts after which a webhook endpoint is disabled"),
  WEBHOOK_SWEEP_CRON: app(cron, "* * * * *", "when workers look for batch events and due webhook retries that no job was queued for"),
  NOTIFICATION_SWEEP_CRON: app(cron, "* * * * *", "when workers turn batch events into notifications and send due e-mails that no job was queued for"),
  SMTP_URL: appOptional(smtpUrl, "SMTP server notifications are e-mailed through; unset: nothing is e-mailed"),
  MAIL_FROM: { ...text, fallback: (): string => `Batchdesk <batchdesk@${new URL(setting("APP_URL")).hostname}>`, description: "sender of notification e-mails", dev: false },
  EMAIL_MAX_ATTEMPTS: app(wholeNumber(1, 50), 8, "attempts per e-mail before it is marked failed"),
  EMAIL_RETRY_BASE_SECONDS: app(wholeNumber(0, 3600), 30, "delay before an e-mail's first retry; each later retry waits twice as long (at most 6 hours)"),
  STORED_FILE_CLEANUP_CRON: app(cron, "*/15 * * * *", "when workers delete expired and abandoned stored files"),
  BATCH_DATA_RETENTION_DAYS: app(wholeNumber(0, 36_500), 90, "days finished batches keep their per-row data (previews, results) and output files; 0 keeps them for ever"),
  RETENTION_CRON: app(cron, "17 3 * * *", "when workers remove finished batches' per-row data past BATCH_DATA_RETENTION_DAYS"),
  STORED_FILE_ABANDONED_MINUTES: app(wholeNumber(1), 60, "age after which a half-written file of a finished batch is deleted"),
  STORED_FILE_TOMBSTONE_DAYS: app(wholeNumber(0), 30, "days an expired file's row is kept so its download answers 410"),

  TEST_ADMIN_DATABASE_URL: devOptional(text, "cluster the tests create their databases in; embedded when unset"),
  TEST_OWNER_DATABASE_URL: devOptional(text, "set by the test setup per test file: its database as the owner, for fixtures that need DDL"),
  TEST_PG_PORT: dev(port, 54339, "port of the tests' embedded PostgreSQL"),
  E2E_PORT: dev(port, 3100, "port of the app the end-to-end tests start"),
  CI: devOptional(text, "set by CI systems: Playwright forbids .only, retries once and prints dots"),
  PLAYWRIGHT_JSON_OUTPUT_NAME: devOptional(text, "file for Playwright's JSON report (scripts/test.ts sets it)"),
  BENCH_ADMIN_DATABASE_URL: devOptional(text, "cluster the benchmark recreates batchdesk_bench in; embedded when unset"),
  BENCH_PG_PORT: dev(port, 54349, "port of the benchmark's embedded PostgreSQL"),
  EMBEDDED_PG_SHARED_BUFFERS: dev(pgMemory, "1GB", "shared_buffers of every embedded PostgreSQL"),
};

export type SettingName = keyof typeof SETTINGS;
type Values = { [N in SettingName]: ReturnType<(typeof SETTINGS)[N]["fallback"]> };
// Seen through this mapped type, SPECS[name] keeps its variable's value type for a generic name.
const SPECS: { [N in SettingName]: Spec<Values[N]> } = SETTINGS;

/** A variable set to a value its parser refuses; the message names it, what it must be and what it got. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function read<T>(name: string, spec: Spec<T>, fallback?: T): T {
  const raw = process.env[name];
  const trimmed = raw?.trim();
  if (!trimmed) return fallback === undefined ? spec.fallback() : fallback;
  const value = spec.parse(trimmed);
  if (value === REFUSED) throw new ConfigError(`${name} must be ${spec.expects} (got ${JSON.stringify(raw)})`);
  return value;
}

/**
 * The variable's current value, or its default when unset or blank; throws ConfigError for a value
 * its parser refuses. `fallback` replaces the default for callers with another need (the e2e server).
 */
export function setting<N extends SettingName>(name: N, fallback?: Values[N]): Values[N] {
  return read(name, SPECS[name], fallback);
}

/** Every problem with the environment: refused values, and `required` variables left unset. */
export function checkConfig(required: readonly SettingName[] = []): string[] {
  const problems: string[] = [];
  const all: [string, Spec<unknown>][] = Object.entries(SETTINGS);
  for (const [name, spec] of all) {
    try {
      if (read(name, spec) === undefined && required.some((r) => r === name)) problems.push(`${name} must be set: ${spec.description}`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message);
    }
  }
  return problems;
}

/** Ends the process with every problem listed when the environment has any; entry points call it first. */
export function exitOnConfigProblems(what: string, required: readonly SettingName[] = []): void {
  const problems = checkConfig(required);
  if (problems.length === 0) return;
  console.error(`${what} cannot start. Fix these environment variables (README.md, Configuration):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
