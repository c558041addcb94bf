import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setting } from "../config";
import { dataDir } from "../data-dir";

/**
 * BETTER_AUTH_SECRET from the environment, else the one kept in `.data/auth-secret`, generated on first
 * use. Every process that signs or checks sessions (`npm start`, `npm run web`, scripts) reads the same
 * file, so a web process started alone accepts the sessions the others issue.
 */
export function authSecret(): string {
  const configured = setting("BETTER_AUTH_SECRET");
  if (configured) return configured;
  const file = dataDir("auth-secret");
  if (!fs.existsSync(file)) createOnce(file);
  return fs.readFileSync(file, "utf8").trim();
}

// Written to a private temporary file and linked into place: link() fails when another process got
// there first, so two starting processes never overwrite each other's secret or read a half-written one.
function createOnce(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomUUID()}`;
  fs.writeFileSync(tmp, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
