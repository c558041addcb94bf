import { withActor } from "@/server/http/route";
import { bulkCreate } from "@/server/seed-apis/vessel-info";
import { vesselInfoBody } from "@/server/seed-apis/vessel-info-body";
import { seedResponse, vesselInfoErrors } from "@/server/seed-apis/vessel-info-envelope";

/** Seed 001: bulk create of vessel schedules, one batch of the engine, answered per index. */
export const POST = withActor("vesselInfo.bulkCreate", async ({ req, actor }) => seedResponse(await bulkCreate(actor, await vesselInfoBody(req))), {
  errorEnvelope: vesselInfoErrors("创建"),
});
