import { prisma } from "../db";
import { workerId } from "../process";

/** Stamps a probe with this worker. Idempotent: a retried probe keeps the first worker's stamp. */
export async function stampProbe(probeId: string): Promise<void> {
  await prisma.workerProbe.updateMany({ where: { id: probeId, processedAt: null }, data: { processedAt: new Date(), processedBy: workerId } });
}
