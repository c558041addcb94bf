import { z } from "zod";

/**
 * A row's id as clients send it. Ids are PostgreSQL `integer`s: a larger number is refused here with
 * a field message instead of failing the SQL cast.
 */
export const rowIdSchema = z.number().int().positive().max(2_147_483_647, "Row ids go up to 2147483647.");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID (batch and file ids); route parameters arrive unchecked. */
export const isUuid = (value: string): boolean => UUID.test(value);
