import path from "node:path";
import { setting } from "../../server/config";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A folder under the git-ignored `.data/` (embedded database, secrets). */
export function dataDir(name: string): string {
  return path.join(setting("BATCHDESK_DATA_DIR") ?? path.join(ROOT, ".data"), name);
}

export function embeddedPort(): number {
  return setting("EMBEDDED_PG_PORT");
}
