/**
 * Next calls register() once as the server starts (`next start` and `next dev`), before it serves a
 * request: a refused setting stops the web app here with every problem listed, instead of failing
 * the first request that reads it.
 */
export async function register() {
  // Next inlines NEXT_RUNTIME per bundle; the edge bundle (no process.exit) drops this branch.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnConfigProblems } = await import("./server/config");
  exitOnConfigProblems("The web app", ["DATABASE_URL"]);
}
