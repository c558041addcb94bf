// Imported first by the entry points (`npm start`, `npm test`, the worker): on a Node older than
// package.json's `engines.node` they stop with one clear line instead of failing somewhere later
// (pg-boss 12 needs Node 22.12). npm itself only warns about `engines`.
import fs from "node:fs";
import { nodeVersionProblem } from "./node-version";

const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { engines: { node: string } };
const problem = nodeVersionProblem(process.versions.node, pkg.engines.node);
if (problem) {
  console.error(`[batchdesk] ${problem}`);
  process.exit(1);
}
