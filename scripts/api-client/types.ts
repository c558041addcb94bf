import openapiTS, { type OpenAPI3 } from "openapi-typescript";
import { openApiDocument } from "../../server/rest/openapi";

/** Where the generated types live, beside the example that uses them. */
export const TYPES_FILE = new URL("./batchdesk-api.d.ts", import.meta.url);

/**
 * TypeScript types for /api/v1, generated from the OpenAPI document by openapi-typescript (the
 * generator openapi-fetch is made for). `npm run api-client` writes them; a test fails when the
 * committed file no longer matches the document.
 */
export async function generateApiTypes(): Promise<string> {
  const doc = openApiDocument("http://localhost:3000") as unknown as OpenAPI3;
  return openapiTS(doc, { silent: true, alphabetize: true });
}
