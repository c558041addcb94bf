import { batchRunJob } from "../batch/execute/job";
import { workerProbeJob } from "../health/probe-job";
import type { JobDefinition } from "./define";

/** Every job the worker runs. Adding a job means adding it here. */
export const jobRegistry: JobDefinition[] = [workerProbeJob, batchRunJob];
