import { z } from "zod";
import { prisma } from "../db";
import { defineJob } from "../jobs/define";
import { workerId } from "../worker/identity";

/** A round trip through the queue: proves a worker is consuming jobs, not just alive. */
export const workerProbeJob = defineJob({
  name: "system.worker-probe",
  schema: z.object({ probeId: z.uuid() }),
  queue: { retryLimit: 3, expireInSeconds: 60 },
  async handler({ probeId }) {
    // Idempotent: a retried probe keeps the first worker's stamp.
    await prisma.workerProbe.updateMany({
      where: { id: probeId, processedAt: null },
      data: { processedAt: new Date(), processedBy: workerId },
    });
  },
});
