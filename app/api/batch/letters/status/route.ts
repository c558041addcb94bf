import { withActor } from "@/server/http/route";
import { statusOf, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch status of letters. */
export const POST = withActor("openpenpal.letters.status", statusOf("letters"), { errorEnvelope: openpenpalError });
