import crypto from "node:crypto";
import fs from "node:fs";
import { APP_ROLE, ensureLoginRole, provisionAppRole, withCredentials } from "../../server/db/roles";
import { dataDir } from "./paths";

/** The app role's password on the embedded database, generated once into `.data/` (this OS user only). */
function appPassword(): string {
  const file = dataDir("pg-app-password");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(24).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * On the embedded database: creates (or refreshes) the app's own least-privileged role and returns
 * the URL the web app and worker use, while migrations keep the superuser's.
 */
export async function embeddedAppUrl(ownerUrl: string): Promise<string> {
  const password = appPassword();
  await provisionAppRole(ownerUrl, APP_ROLE, password);
  return withCredentials(ownerUrl, APP_ROLE, password);
}

/** The app role's URL on the embedded database, its role made if missing (grants come after migrating). */
export async function embeddedAppLogin(ownerUrl: string): Promise<string> {
  const password = appPassword();
  await ensureLoginRole(ownerUrl, APP_ROLE, password);
  return withCredentials(ownerUrl, APP_ROLE, password);
}
