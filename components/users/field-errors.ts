import { TRPCClientError } from "@trpc/client";

/** The first message per field of a refused form (the schema's, or a service's field rule such as the password's); empty for other failures. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data: unknown = error.data;
  const zod = data && typeof data === "object" && "zodError" in data ? data.zodError : null;
  const fields = zod && typeof zod === "object" && "fieldErrors" in zod ? zod.fieldErrors : null;
  const out: Record<string, string> = {};
  if (fields && typeof fields === "object") {
    for (const [field, messages] of Object.entries(fields)) if (Array.isArray(messages) && typeof messages[0] === "string") out[field] = messages[0];
  }
  return out;
}
