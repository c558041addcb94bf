import { withActor } from "@/server/http/route";
import { openpenpalError, validate } from "@/server/seed-apis/openpenpal";

/** Seed 000: the dry run of a batch operation. */
export const POST = withActor("openpenpal.validate", validate, { errorEnvelope: openpenpalError });
