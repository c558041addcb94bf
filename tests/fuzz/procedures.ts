import type { z } from "zod";
import type { AppRouter } from "../../server/trpc/router";

export type ProcedureType = "query" | "mutation" | "subscription";
/** A procedure of the router as the fuzz and the boundary tests see it. */
export type ProcedureInfo = { path: string; type: ProcedureType; input: z.ZodType | null };

type Def = { type: ProcedureType; inputs: unknown[] };

const isZod = (v: unknown): v is z.ZodType => typeof v === "object" && v !== null && "_zod" in v && "safeParse" in v;
const isProcedure = (v: unknown): v is { _def: Def } =>
  typeof v === "function" && "_def" in v && typeof v._def === "object" && v._def !== null && "inputs" in v._def && Array.isArray(v._def.inputs);

/**
 * Every procedure of `router`, read from its definition (so a procedure added tomorrow is listed
 * too), with its input schema (null when it takes none).
 */
export function proceduresOf(router: AppRouter): ProcedureInfo[] {
  // tRPC keeps a flat map "path → procedure" here (its type shows the nested record it came from).
  const entries: [string, unknown][] = Object.entries(router._def.procedures);
  return entries
    .map(([path, p]) => {
      if (!isProcedure(p)) throw new Error(`${path} does not look like a tRPC procedure`);
      const [input, ...more] = p._def.inputs;
      if (more.length) throw new Error(`${path} chains several .input() calls; the fuzz reads one schema per procedure`);
      if (input !== undefined && !isZod(input)) throw new Error(`${path}'s input is not a zod schema`);
      return { path, type: p._def.type, input: input ?? null };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
