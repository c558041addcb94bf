import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A folder under the git-ignored `.data/` (embedded database, secrets). */
export function dataDir(name: string): string {
  return path.join(process.env.BATCHDESK_DATA_DIR ?? path.join(ROOT, ".data"), name);
}

export function embeddedPort(): number {
  return Number(process.env.EMBEDDED_PG_PORT ?? 54329);
}
