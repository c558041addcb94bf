import { DEFAULT_JSON_LIMIT, readJsonBody } from "@/server/http/body";
import { withActor } from "@/server/http/route";
import { bulkUpdate } from "@/server/seed-apis/bulk-update";
import { bulkUpdateErrors } from "@/server/seed-apis/bulk-update-envelope";

/** Per-row value lists make bodies larger than the route default. */
const BODY_LIMIT = 16 * DEFAULT_JSON_LIMIT;

/** Seed 002: a BulkUpdate[] on a resource, answered with its previewed (not committed) batches. */
export const POST = withActor<{ docType: string; docId: string }>(
  "doc.bulkUpdate",
  async ({ req, actor, params }) => Response.json(await bulkUpdate(actor, params, new URL(req.url), await readJsonBody(req, BODY_LIMIT)), { headers: { "cache-control": "no-store" } }),
  { errorEnvelope: bulkUpdateErrors },
);
