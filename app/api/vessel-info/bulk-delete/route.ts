import { withActor } from "@/server/http/route";
import { bulkDelete } from "@/server/seed-apis/vessel-info";
import { vesselInfoBody } from "@/server/seed-apis/vessel-info-body";
import { seedResponse, vesselInfoErrors } from "@/server/seed-apis/vessel-info-envelope";

/** Seed 001: bulk delete of vessel schedules, one batch of the engine, answered per index. */
export const DELETE = withActor("vesselInfo.bulkDelete", async ({ req, actor }) => seedResponse(await bulkDelete(actor, await vesselInfoBody(req))), {
  errorEnvelope: vesselInfoErrors("删除"),
});
