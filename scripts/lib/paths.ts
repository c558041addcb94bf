import path from "node:path";
import { setting } from "../../server/config";
import { dataDir as dataDirIn } from "../../server/data-dir";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A folder under the git-ignored `.data/` (embedded database, secrets). */
export function dataDir(name: string): string {
  return dataDirIn(name, ROOT);
}

export function embeddedPort(): number {
  return setting("EMBEDDED_PG_PORT");
}
