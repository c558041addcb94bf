import { beforeAll, describe, expect, it } from "vitest";
import { csvRecords } from "../../tests/helpers/csv";
import { exportFileOf, readStoredFile, readXlsx, runExportNow } from "../../tests/helpers/exports";
import { seedRows } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import { pool } from "../db";

type Caller = Awaited<ReturnType<typeof callerAs>>;
let admin: Caller;
let operator: Caller;
let viewer: Caller;

beforeAll(async () => {
  await seedRows({ letters: 400, products: 150, orders: 50 });
  // Values that stress each format: quotes, commas, newlines, non-ASCII, markup, and empty vs null.
  await pool().query(`UPDATE letters SET title = 'He said "hi", then' || E'\\n' || 'left <b>&</b> — ünïcødé 🚀' WHERE id = (SELECT min(id) FROM letters)`);
  await pool().query(`UPDATE letters SET sender_name = '' WHERE id = (SELECT min(id) + 1 FROM letters)`);
  // Instants PostgreSQL prints short: whole seconds and a half second.
  await pool().query(`UPDATE letters SET created_at = date_trunc('second', created_at) + (id % 3) * interval '250 ms' WHERE id % 3 < 2`);
  [admin, operator, viewer] = await Promise.all([callerAs("admin"), callerAs("operator"), callerAs("viewer")]);
});

const sent = { kind: "filter" as const, selection: { scope: "all" as const, filter: { combinator: "and" as const, conditions: [{ field: "status", op: "eq" as const, value: "sent" }] } } };

async function exportAndRun(caller: Caller, input: Parameters<Caller["exports"]["create"]>[0]) {
  const batch = await caller.exports.create(input);
  await runExportNow(batch.id);
  const file = await exportFileOf(batch.id);
  return { batch, file: file!, bytes: file ? await readStoredFile(file.id) : Buffer.alloc(0) };
}

/**
 * PostgreSQL prints a UTC ISO 8601 instant with as many fraction digits as it needs ("16.5", not
 * "16.500"), so the files are compared by instant after checking the form.
 */
function utcInstant(text: unknown): number {
  expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$/);
  return new Date(text as string).getTime();
}

type DbLetter = { id: number; title: string; status: string; anonymous: boolean; sender_name: string | null; created_at: Date; version: number; tags?: string[] };

async function dbLetters(where = "status = 'sent'"): Promise<DbLetter[]> {
  const { rows } = await pool().query<DbLetter>(`SELECT id, title, status, anonymous, sender_name, created_at, version FROM letters WHERE ${where} ORDER BY id`);
  return rows;
}

describe("export formats round-trip", () => {
  it("CSV holds exactly the selected rows with their values, booleans and ISO timestamps", async () => {
    const { batch, file, bytes } = await exportAndRun(admin, { resource: "letters", target: sent, format: "csv", fields: ["id", "title", "status", "anonymous", "senderName", "createdAt", "version"], includeSensitive: true });
    const expected = await dbLetters();
    const records = csvRecords(bytes.toString("utf8"));
    expect(records).toHaveLength(expected.length);
    expect(Object.keys(records[0]!)).toEqual(["id", "title", "status", "anonymous", "senderName", "createdAt", "version"]);
    records.forEach((r, i) => {
      const e = expected[i]!;
      expect(utcInstant(r.createdAt)).toBe(e.created_at.getTime());
      expect({ ...r, createdAt: undefined }).toEqual({
        id: String(e.id),
        title: e.title,
        status: "sent",
        anonymous: String(e.anonymous),
        senderName: e.sender_name ?? "",
        createdAt: undefined,
        version: String(e.version),
      });
    });
    expect(file.row_count).toBe(expected.length);
    expect(file.name).toMatch(/^letters_all-status-sent_\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    const status = await admin.batch.status({ batchId: batch.id });
    expect(status.state).toBe("completed");
    expect(status.progress).toMatchObject({ total: expected.length, processed: expected.length, percent: 100 });
  });

  it("CSV keeps quotes, commas, newlines and non-ASCII text intact, and tells empty text from null", async () => {
    const { bytes } = await exportAndRun(admin, { resource: "letters", target: { kind: "filter", selection: { scope: "all" } }, format: "csv", fields: ["id", "title", "senderName"], includeSensitive: true });
    const expected = await dbLetters("TRUE");
    const records = csvRecords(bytes.toString("utf8"));
    expect(records.map((r) => r.title)).toEqual(expected.map((e) => e.title));
    expect(records[0]!.title).toContain('"hi", then\nleft <b>&</b> — ünïcødé 🚀');
    // PostgreSQL writes "" for an empty string and nothing for null.
    expect(bytes.toString("utf8").split("\n")[3]).toMatch(/,""$/);
  });

  it("JSON and JSON Lines parse back to the database's values with real types", async () => {
    const expected = await dbLetters();
    for (const format of ["json", "jsonl"] as const) {
      const { bytes } = await exportAndRun(admin, { resource: "letters", target: sent, format, fields: ["id", "title", "anonymous", "senderName", "createdAt"], includeSensitive: true });
      const text = bytes.toString("utf8");
      const parsed = format === "json" ? (JSON.parse(text) as Record<string, unknown>[]) : text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(parsed.map((p) => ({ ...p, createdAt: utcInstant(p.createdAt) }))).toEqual(
        expected.map((e) => ({ id: e.id, title: e.title, anonymous: e.anonymous, senderName: e.sender_name, createdAt: e.created_at.getTime() })),
      );
    }
  });

  it("numbers and lists keep their values in JSON (products: decimal prices, tag lists)", async () => {
    const { bytes } = await exportAndRun(admin, { resource: "products", target: { kind: "filter", selection: { scope: "all" } }, format: "jsonl", fields: ["id", "sku", "price", "tags"] });
    const { rows } = await pool().query<{ id: number; sku: string; price: string; tags: string[] }>("SELECT id, sku, price::text, tags FROM products ORDER BY id");
    const parsed = bytes.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { id: number; sku: string; price: number; tags: string[] });
    expect(parsed.map((p) => ({ ...p, price: p.price.toFixed(2) }))).toEqual(rows);
  });

  it("an empty JSON export is a valid empty array (rows deleted between request and run)", async () => {
    const batch = await admin.exports.create({ resource: "orders", target: { kind: "ids", ids: [1] }, format: "json" });
    await pool().query("UPDATE orders SET id = id + 100000 WHERE id = 1");
    await runExportNow(batch.id);
    const file = await exportFileOf(batch.id);
    expect(JSON.parse((await readStoredFile(file!.id)).toString("utf8"))).toEqual([]);
    expect(file!.row_count).toBe(0);
    await pool().query("UPDATE orders SET id = 1 WHERE id = 100001");
  });

  it("XLSX opens in another reader with a bold header, real dates, numbers and booleans", async () => {
    const { bytes, file } = await exportAndRun(admin, { resource: "letters", target: sent, format: "xlsx", fields: ["id", "title", "anonymous", "senderName", "createdAt"], includeSensitive: true });
    const expected = await dbLetters();
    const rows = await readXlsx(bytes);
    expect(rows[0]).toEqual(["ID", "Title", "Anonymous", "Sender", "Created (UTC)"]);
    expect(rows.slice(1)).toHaveLength(expected.length);
    rows.slice(1).forEach((r, i) => {
      const e = expected[i]!;
      expect(r[0]).toBe(e.id);
      expect(r[1]).toBe(e.title);
      expect(r[2]).toBe(e.anonymous);
      // An empty text cell reads back as empty, like a missing one: spreadsheets do not tell them apart.
      expect(r[3] ?? null).toBe(e.sender_name || null);
      expect(r[4]).toBeInstanceOf(Date);
      expect(Math.abs((r[4] as Date).getTime() - e.created_at.getTime())).toBeLessThan(2);
    });
    expect(file.row_count).toBe(expected.length);
  });

  it("XLSX keeps markup, line breaks, backslashes and non-ASCII exactly, dropping only characters XML cannot hold", async () => {
    const { rows } = await pool().query<{ id: number; title: string }>("SELECT id, title FROM letters ORDER BY id OFFSET 2 LIMIT 1");
    const { id, title } = rows[0]!;
    await pool().query("UPDATE letters SET title = $2 WHERE id = $1", [id, 'a\\b\r\n<c d="e"> & f\tg\u0001h ✓ 🚀']);
    try {
      const { bytes } = await exportAndRun(admin, { resource: "letters", target: { kind: "ids", ids: [id] }, format: "xlsx", fields: ["id", "title"] });
      expect(await readXlsx(bytes)).toEqual([["ID", "Title"], [id, 'a\\b\r\n<c d="e"> & f\tgh ✓ 🚀']]);
    } finally {
      await pool().query("UPDATE letters SET title = $2 WHERE id = $1", [id, title]);
    }
  });

  it("ids and a filter less unticked rows select exactly those rows", async () => {
    const ids = (await dbLetters()).slice(0, 5).map((e) => e.id);
    const byIds = await exportAndRun(operator, { resource: "letters", target: { kind: "ids", ids: [...ids, 999_999] }, format: "csv", fields: ["id"] });
    expect(csvRecords(byIds.bytes.toString()).map((r) => Number(r.id))).toEqual(ids);
    expect(byIds.file.name).toMatch(/^letters_6-selected_/);
    const all = await dbLetters();
    const less = await exportAndRun(operator, { resource: "letters", target: { ...sent, excludeIds: ids }, format: "csv", fields: ["id"] });
    expect(csvRecords(less.bytes.toString()).map((r) => Number(r.id))).toEqual(all.slice(5).map((e) => e.id));
  });
});

describe("fields and sensitive data", () => {
  it("leaves sensitive fields out by default and keeps the registry's order", async () => {
    const { batch, bytes } = await exportAndRun(operator, { resource: "letters", target: sent, format: "csv" });
    const header = bytes.toString("utf8").split("\n")[0]!.split(",");
    expect(header).not.toContain("content");
    expect(header).not.toContain("senderName");
    expect(header.slice(0, 4)).toEqual(["title", "status", "anonymous", "id"]);
    expect(batch.operation).toMatchObject({ type: "export", includeSensitive: false });
  });

  it("writes only the picked fields, in the order picked", async () => {
    const { bytes } = await exportAndRun(viewer, { resource: "letters", target: sent, format: "csv", fields: ["status", "id"] });
    expect(bytes.toString("utf8").split("\n")[0]).toBe("status,id");
  });

  it("gives admins sensitive fields when they ask, and refuses operators and viewers", async () => {
    const { bytes } = await exportAndRun(admin, { resource: "letters", target: sent, format: "csv", includeSensitive: true });
    expect(bytes.toString("utf8").split("\n")[0]).toContain("content");
    await expect(operator.exports.create({ resource: "letters", target: sent, format: "csv", includeSensitive: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.exports.create({ resource: "letters", target: sent, format: "csv", fields: ["id", "content"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.exports.create({ resource: "letters", target: sent, format: "csv", fields: ["id", "content"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Include sensitive fields"),
    });
  });

  it("refuses unknown fields and empty selections with a clear message", async () => {
    await expect(admin.exports.create({ resource: "letters", target: sent, format: "csv", fields: ["nope"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.exports.create({ resource: "letters", target: { kind: "ids", ids: [999_999] }, format: "csv" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Nothing to export"),
    });
  });
});

describe("export batches", () => {
  it("run like any batch: queued, then completed, listed with their file, visible only to their creator and admins", async () => {
    const batch = await operator.exports.create({ resource: "letters", target: sent, format: "csv", fields: ["id"] });
    expect(batch.state).toBe("queued");
    expect((await operator.exports.list({})).exports[0]).toMatchObject({ batchId: batch.id, status: "queued", fileId: null });
    await runExportNow(batch.id);
    const [mine] = (await operator.exports.list({})).exports;
    expect(mine).toMatchObject({ batchId: batch.id, status: "ready", format: "csv", createdBy: { email: "operator@batchdesk.local" } });
    expect(mine!.size).toBeGreaterThan(0);
    expect((await admin.exports.list({ pageSize: 100 })).exports.some((e) => e.batchId === batch.id)).toBe(true);
    expect((await viewer.exports.list({})).exports.some((e) => e.batchId === batch.id)).toBe(false);
    expect((await operator.batch.list({})).batches.find((b) => b.id === batch.id)).toMatchObject({ operation: "export" });
    await expect(viewer.exports.ofBatch({ batchId: batch.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await operator.exports.ofBatch({ batchId: batch.id })).toMatchObject({ status: "ready", fileId: mine!.fileId });
  });

  it("a cancelled export stops mid-way and leaves no file", async () => {
    await seedRows({ letters: 60_000 });
    const batch = await admin.exports.create({ resource: "letters", target: { kind: "filter", selection: { scope: "all" } }, format: "xlsx" });
    const run = runExportNow(batch.id, 20);
    for (;;) {
      const { rows } = await pool().query<{ processed: number }>("SELECT processed FROM batches WHERE id = $1", [batch.id]);
      if (rows[0]!.processed > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await admin.batch.cancel({ batchId: batch.id });
    await run;
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(rows[0]).toEqual({ n: 0 });
    expect((await admin.batch.status({ batchId: batch.id })).state).toBe("cancelled");
    expect((await admin.exports.ofBatch({ batchId: batch.id })).status).toBe("cancelled");
  });

  it("an export can be cancelled but not paused", async () => {
    const batch = await operator.exports.create({ resource: "letters", target: sent, format: "csv", fields: ["id"] });
    await expect(operator.batch.pause({ batchId: batch.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("cannot be paused") });
    await operator.batch.cancel({ batchId: batch.id });
    await runExportNow(batch.id);
    expect(await exportFileOf(batch.id)).toBeNull();
    expect((await operator.exports.ofBatch({ batchId: batch.id })).status).toBe("cancelled");
  });

  it("a retried export deletes what a crashed attempt left and writes the file once", async () => {
    const batch = await admin.exports.create({ resource: "letters", target: sent, format: "csv", fields: ["id"] });
    // A worker died mid-way: the batch is running and a half-written file sits under a `writing` row.
    await pool().query("UPDATE batches SET state = 'running', started_at = now() WHERE id = $1", [batch.id]);
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO stored_files (id, kind, name, mime, created_by_id, batch_id) SELECT gen_random_uuid(), 'export', 'half.csv', 'text/csv', created_by_id, id FROM batches WHERE id = $1 RETURNING id`,
      [batch.id],
    );
    await pool().query("INSERT INTO stored_file_parts (file_id, part_no, data) VALUES ($1, 0, convert_to('id,1', 'UTF8'))", [rows[0]!.id]);
    expect(await exportFileOf(batch.id)).toBeNull();
    expect((await admin.exports.ofBatch({ batchId: batch.id })).status).toBe("running");
    await runExportNow(batch.id);
    const { rows: files } = await pool().query("SELECT state, row_count FROM stored_files WHERE batch_id = $1", [batch.id]);
    expect(files).toEqual([{ state: "ready", row_count: (await dbLetters()).length }]);
  });

  it("an export has nothing to retry or revert", async () => {
    const { batch } = await exportAndRun(admin, { resource: "letters", target: sent, format: "csv", fields: ["id"] });
    await expect(admin.batch.revert({ batchId: batch.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.batch.retryFailed({ batchId: batch.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a file is deleted on request by its owner, not by others", async () => {
    const { file } = await exportAndRun(operator, { resource: "letters", target: sent, format: "csv", fields: ["id"] });
    const other = await callerAs("operator2");
    await expect(other.exports.deleteFile({ fileId: file.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await operator.exports.deleteFile({ fileId: file.id });
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM stored_files WHERE id = $1", [file.id]);
    expect(rows[0]).toEqual({ n: 0 });
  });
});
