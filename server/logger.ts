import pino from "pino";
import { setting } from "./config";

/** Structured JSON logs (one line each); `LOG_LEVEL` tunes verbosity. */
export const logger = pino({
  level: setting("LOG_LEVEL"),
  base: { service: setting("BATCHDESK_SERVICE") },
  timestamp: pino.stdTimeFunctions.isoTime,
});
