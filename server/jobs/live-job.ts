/**
 * SQL: true when the batch `b` has a job named by parameter `$<nameParam>` that is waiting, or
 * running on a worker that still heart-beats (an active job whose worker stopped is as good as dead).
 * Used by the sweeps that re-queue batches whose jobs died.
 */
export function liveJobExists(nameParam: number): string {
  return `EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $${nameParam} AND j.data->>'batchId' = b.id::text
    AND (j.state IN ('created', 'retry')
         OR (j.state = 'active' AND coalesce(j.heartbeat_on, j.started_on) > now() - interval '15 seconds')))`;
}
