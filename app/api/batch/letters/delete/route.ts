import { withActor } from "@/server/http/route";
import { deleteOf, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: batch delete of letters. */
export const POST = withActor("openpenpal.letters.delete", deleteOf("letters"), { errorEnvelope: openpenpalError });
