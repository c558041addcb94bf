import { withActor } from "@/server/http/route";
import { health, openpenpalError } from "@/server/seed-apis/openpenpal";

export const dynamic = "force-dynamic";

/** Seed 000: the batch service's health. */
export const GET = withActor("openpenpal.health", health, { errorEnvelope: openpenpalError });
