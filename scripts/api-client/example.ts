// A script calling Batchdesk's REST API through a client generated from its OpenAPI document
// (openapi-fetch over the types in batchdesk-api.d.ts): preview a batch, look at its rows, commit it
// and wait for the result, as a scheduled job or an integration would.
//
//   BATCHDESK_URL=http://localhost:3000 BATCHDESK_TOKEN=bd_… npx tsx scripts/api-client/example.ts 12 13 14
//
// It sets the title of the given letters to "Checked by script" and prints what happened.
import createClient from "openapi-fetch";
import type { paths } from "./batchdesk-api";

export type ExampleOptions = { baseUrl: string; token: string; ids: number[]; title?: string; fetch?: typeof fetch };

export type ExampleResult = { batchId: string; planned: number; willChange: number; state: string; succeeded: number };

export async function runExample(opts: ExampleOptions): Promise<ExampleResult> {
  const api = createClient<paths>({ baseUrl: `${opts.baseUrl}/api/v1`, headers: { authorization: `Bearer ${opts.token}` }, ...(opts.fetch ? { fetch: opts.fetch } : {}) });

  const { data: me, error: meError } = await api.GET("/me");
  if (meError) throw new Error(`token refused: ${meError.error.message}`);
  console.log(`acting as ${me.email} (${me.role})`);

  // 1. Dry run: nothing is written yet. A retry with the same Idempotency-Key returns this batch again.
  const { data: preview, error: previewError } = await api.POST("/batches/validate", {
    params: { header: { "Idempotency-Key": `example-${opts.ids.join("-")}-${opts.title ?? ""}` } },
    body: {
      resource: "letters",
      target: { kind: "ids", ids: opts.ids },
      operation: { type: "update", changes: [{ field: "title", op: "set", value: opts.title ?? "Checked by script" }] },
    },
  });
  if (previewError) throw new Error(`preview refused: ${previewError.error.message}`);
  console.log(`previewed ${preview.preview.total} rows: ${preview.preview.willChange} will change, ${preview.preview.invalid} invalid`);

  // 2. Every row's before → after.
  const { data: items } = await api.GET("/batches/{batchId}/items", { params: { path: { batchId: preview.id }, query: { pageSize: 10 } } });
  for (const item of items?.items ?? []) console.log(`  row ${item.rowId}: ${JSON.stringify(item.before?.title)} → ${JSON.stringify(item.after?.title)} (${item.outcome})`);

  // 3. Commit and wait up to 30 s for the worker to finish it.
  const { data: done, error: commitError } = await api.POST("/batches/{batchId}/commit", { params: { path: { batchId: preview.id }, query: { wait: 30 } } });
  if (commitError) throw new Error(`commit refused: ${commitError.error.message}`);
  console.log(`batch ${done.id}: ${done.state}, ${done.progress.counts.succeeded} succeeded, ${done.progress.counts.failed} failed`);
  return { batchId: done.id, planned: preview.preview.total, willChange: preview.preview.willChange, state: done.state, succeeded: done.progress.counts.succeeded };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const token = process.env.BATCHDESK_TOKEN;
  if (!token) {
    console.error("Set BATCHDESK_TOKEN to an API token (console → API tokens).");
    process.exit(2);
  }
  const ids = process.argv.slice(2).map(Number);
  if (!ids.length || ids.some((id) => !Number.isInteger(id))) {
    console.error("Give the ids of the letters to update, e.g. 12 13 14.");
    process.exit(2);
  }
  await runExample({ baseUrl: process.env.BATCHDESK_URL ?? "http://localhost:3000", token, ids });
}
