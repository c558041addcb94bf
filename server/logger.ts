import pino from "pino";

/** Structured JSON logs (one line each); `LOG_LEVEL` tunes verbosity. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.BATCHDESK_SERVICE ?? "batchdesk" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
