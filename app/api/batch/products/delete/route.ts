import { withActor } from "@/server/http/route";
import { deleteOf, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch delete of products. */
export const POST = withActor("openpenpal.products.delete", deleteOf("products"), { errorEnvelope: openpenpalError });
