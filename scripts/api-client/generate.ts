// `npm run api-client`: regenerates scripts/api-client/batchdesk-api.d.ts from the OpenAPI document.
// The document needs no database; the router's modules only read that the setting exists.
process.env.DATABASE_URL ??= "postgres://unused@127.0.0.1:1/unused";
const { writeFile } = await import("node:fs/promises");
const { fileURLToPath } = await import("node:url");
const { generateApiTypes, TYPES_FILE } = await import("./types");

await writeFile(TYPES_FILE, await generateApiTypes());
console.log(`wrote ${fileURLToPath(TYPES_FILE)}`);
process.exit(0);
export {};
