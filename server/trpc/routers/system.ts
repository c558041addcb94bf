import { z } from "zod";
import { requestWorkerProbe, workerProbeStatus } from "../../health/probe";
import { adminProcedure, router } from "../init";

export const systemRouter = router({
  /** Sends a probe job through the queue; an admin's "is a worker really consuming jobs?" check. */
  probeWorker: adminProcedure.mutation(() => requestWorkerProbe()),
  probeStatus: adminProcedure.input(z.strictObject({ probeId: z.uuid() })).query(({ input }) => workerProbeStatus(input.probeId)),
});
