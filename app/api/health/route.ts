import { checkHealth } from "@/server/health/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
