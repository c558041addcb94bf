import { setting } from "@/server/config";
import { openApiDocument } from "@/server/rest/openapi";

export const dynamic = "force-dynamic";

let cached: string | null = null;

/** The OpenAPI 3.1 document of /api/v1 (public: it names no data). */
export function GET(): Response {
  cached ??= JSON.stringify(openApiDocument(new URL(setting("APP_URL")).origin));
  return new Response(cached, { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } });
}
