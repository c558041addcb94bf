import { readFile } from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-static";

// Scalar's self-contained browser build, served from our own origin so the reference page needs no
// CDN (the CSP allows only 'self') and Next does not bundle 5 MB of it into the console's build.
const FILE = path.join(process.cwd(), "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");

let cached: Buffer | null = null;

export async function GET(): Promise<Response> {
  cached ??= await readFile(FILE);
  return new Response(new Uint8Array(cached), {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}
