import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

const INPUTS = ["app", "components", "server", "lib", "instrumentation.ts", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["generated", "node_modules"]);
const STAMP = path.join(ROOT, ".next", "batchdesk-source-hash");

function walk(p: string, out: string[]) {
  if (!fs.existsSync(p)) return;
  const stat = fs.statSync(p);
  if (stat.isFile()) return void out.push(p);
  for (const entry of fs.readdirSync(p).sort()) if (!SKIP.has(entry)) walk(path.join(p, entry), out);
}

/** A hash of everything the Next.js build depends on. */
export function sourceHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(ROOT, input), files);
  const hash = crypto.createHash("sha256");
  for (const f of files) hash.update(path.relative(ROOT, f)).update(fs.readFileSync(f));
  return hash.digest("hex");
}

/** True when there is no build, or the sources changed since the last one. */
export function buildIsStale(): boolean {
  return !fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !fs.existsSync(STAMP) || fs.readFileSync(STAMP, "utf8") !== sourceHash();
}

export function recordBuild(hash: string): void {
  fs.writeFileSync(STAMP, hash);
}
