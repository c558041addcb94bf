import { withActor } from "@/server/http/route";
import { bulkQuery } from "@/server/seed-apis/vessel-info";
import { seedResponse, vesselInfoErrors } from "@/server/seed-apis/vessel-info-envelope";

export const dynamic = "force-dynamic";

/** Seed 001: vessel schedules matching each of `queries`, by the seed's field names. */
export const GET = withActor("vesselInfo.bulkQuery", async ({ req, actor }) => seedResponse(await bulkQuery(actor, new URL(req.url))), {
  errorEnvelope: vesselInfoErrors("查询"),
});
