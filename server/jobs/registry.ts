import { batchRunJob } from "../batch/execute/job";
import { exportRunJob } from "../exports/job";
import { mediaFetchJob } from "../media/job";
import { workerProbeJob } from "../health/probe-job";
import { storageCleanupJob } from "../storage/cleanup";
import type { JobDefinition } from "./define";

/** Every job the worker runs. Adding a job means adding it here. */
export const jobRegistry: JobDefinition[] = [workerProbeJob, batchRunJob, exportRunJob, mediaFetchJob, storageCleanupJob];
