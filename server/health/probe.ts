import { prisma } from "../db";
import { AppError } from "../errors";
import { workerProbeJob } from "../jobs/definitions";

/** Records a probe and queues it; a worker stamps it when it runs. */
export async function requestWorkerProbe(): Promise<{ probeId: string }> {
  const probe = await prisma.workerProbe.create({ data: {} });
  await workerProbeJob.send({ probeId: probe.id });
  return { probeId: probe.id };
}

export async function workerProbeStatus(probeId: string) {
  const probe = await prisma.workerProbe.findUnique({ where: { id: probeId } });
  if (!probe) throw new AppError("NOT_FOUND", "No such probe.");
  return {
    probeId,
    processed: probe.processedAt !== null,
    processedBy: probe.processedBy,
    latencyMs: probe.processedAt ? probe.processedAt.getTime() - probe.requestedAt.getTime() : null,
  };
}
