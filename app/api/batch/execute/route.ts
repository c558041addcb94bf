import { withActor } from "@/server/http/route";
import { execute, openpenpalError } from "@/server/seed-apis/openpenpal";

/** Seed 000: run a batch operation (or its dry run) and answer its per-target results. */
export const POST = withActor("openpenpal.execute", execute, { errorEnvelope: openpenpalError });
