import { setting } from "../config";
import { DEFAULT_JSON_LIMIT, readJsonBody } from "../http/body";

/** Room for the configured number of records at their largest (a 2,000-character remark each). */
export const vesselInfoBody = (req: Request) => readJsonBody(req, Math.max(DEFAULT_JSON_LIMIT, setting("VESSEL_INFO_MAX_ITEMS") * 4096));
