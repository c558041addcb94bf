import os from "node:os";

/** This process's name in heartbeats, probes and chunk claims: host and pid, unique per machine. */
export const workerId = `${os.hostname()}:${process.pid}`;
