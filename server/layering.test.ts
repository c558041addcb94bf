import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

/** The project files a module imports (relative and `@/` paths; packages are left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (m[0].trimStart().startsWith("import type") || m[0].trimStart().startsWith("export type")) continue;
    const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : null;
    if (!base) continue;
    const found = [".ts", ".tsx", "/index.ts"].map((ext) => base + ext).find((f) => fs.existsSync(f));
    if (found) out.push(found);
  }
  return out;
}

/** Every project file reachable from `entries` through value imports. */
function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...importsOf(f));
  }
  return seen;
}

const rel = (f: string) => path.relative(ROOT, f);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? routeFiles(p) : d.name === "route.ts" ? [p] : [];
  });
}

describe("layering", () => {
  it("the web process loads no worker code: no job handler or runner is reachable from tRPC or a route handler", () => {
    const web = reachable([path.join(ROOT, "server/trpc/router.ts"), ...routeFiles(path.join(ROOT, "app/api"))]);
    const worker = [...web].map(rel).filter((f) => f.startsWith("server/worker/") || /\/(run|run-job|handlers)\.ts$/.test(f) || f.endsWith("execute/apply-chunk.ts"));
    // The walk does follow the services (it is not vacuous)…
    expect(web.has(path.join(ROOT, "server/batches/read.ts"))).toBe(true);
    expect(web.has(path.join(ROOT, "server/jobs/definitions.ts"))).toBe(true);
    expect(worker).toEqual([]);
  });

  it("contracts are isomorphic: they import nothing but each other (and zod)", () => {
    const dir = path.join(ROOT, "server/contracts");
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
      const outside = importsOf(path.join(dir, f)).filter((i) => !i.startsWith(dir));
      expect(outside.map(rel), f).toEqual([]);
    }
  });

  it("only the kernel writes the batches table", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, d.name);
        if (d.isDirectory()) {
          if (d.name !== "generated") walk(p);
        } else if (/\.tsx?$/.test(d.name) && !/\.test\.ts$/.test(d.name)) {
          if (/\b(UPDATE|INSERT INTO)\s+batches\b/i.test(fs.readFileSync(p, "utf8")) && !rel(p).startsWith("server/batches/")) offenders.push(rel(p));
        }
      }
    };
    walk(path.join(ROOT, "server"));
    walk(path.join(ROOT, "app"));
    expect(offenders).toEqual([]);
  });
});
