import path from "node:path";
import { setting } from "./config";

/**
 * A path under BATCHDESK_DATA_DIR (default `.data/` in the project folder: the embedded database, the
 * generated secret). `root` is the project folder; npm runs every script there, so the working
 * directory is the default for code bundled by Next, where the module's own path is not the source's.
 */
export function dataDir(name: string, root = process.cwd()): string {
  return path.join(setting("BATCHDESK_DATA_DIR") ?? path.join(root, ".data"), name);
}
