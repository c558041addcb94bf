import { z } from "zod";

// Output schemas describe responses as JSON clients receive them (dates as ISO strings). They are
// strict so the check in server/rest/dispatch.ts (on outside production) fails when a service grows
// or loses a field the document does not describe.

/** A timestamp as JSON carries it. */
export const timestamp = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 timestamp" });
export const nullableTimestamp = timestamp.nullable();

/** A page of a list: its rows under `key`, with the total and the page asked for. */
export function page<K extends string, T extends z.ZodType>(key: K, row: T) {
  return z.strictObject({ [key]: z.array(row), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() } as {
    [P in K]: z.ZodArray<T>;
  } & { total: z.ZodNumber; page: z.ZodNumber; pageSize: z.ZodNumber });
}

export const userRef = z.strictObject({ name: z.string(), email: z.string() });
