import { withActor } from "@/server/http/route";
import { bulkUpdate } from "@/server/seed-apis/vessel-info";
import { vesselInfoBody } from "@/server/seed-apis/vessel-info-body";
import { seedResponse, vesselInfoErrors } from "@/server/seed-apis/vessel-info-envelope";

/** Seed 001: bulk update of vessel schedules, one batch of the engine, answered per index. */
export const PATCH = withActor("vesselInfo.bulkUpdate", async ({ req, actor }) => seedResponse(await bulkUpdate(actor, await vesselInfoBody(req))), {
  errorEnvelope: vesselInfoErrors("更新"),
});
