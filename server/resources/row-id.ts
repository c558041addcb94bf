import { z } from "zod";

/**
 * A row's id as clients send it. Ids are PostgreSQL `integer`s: a larger number is refused here with
 * a field message instead of failing the SQL cast.
 */
export const rowIdSchema = z.number().int().positive().max(2_147_483_647, "Row ids go up to 2147483647.");
