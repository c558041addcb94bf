import { withActor } from "@/server/http/route";
import { statusOf, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch status of products. */
export const POST = withActor("openpenpal.products.status", statusOf("products"), { errorEnvelope: openpenpalError });
