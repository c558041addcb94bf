import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setting } from "../../server/config";
import { dataDir } from "./paths";

/** BETTER_AUTH_SECRET from the environment, else one generated once and kept in `.data/`. */
export function authSecret(): string {
  const configured = setting("BETTER_AUTH_SECRET");
  if (configured) return configured;
  const file = dataDir("auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}
