import { beforeAll, describe, expect, it } from "vitest";
import { allItems, commitAndRun, errorOf, runOperation, type Caller } from "../../tests/helpers/batch";
import { callerAs } from "../../tests/helpers/session";
import { seedRows, userId } from "../../tests/helpers/seed";
import { pool } from "../db";

let admin: Caller;
let operator: Caller;

beforeAll(async () => {
  await seedRows({ products: 10, vesselSchedules: 12 });
  [admin, operator] = await Promise.all([callerAs("admin"), callerAs("operator")]);
});

type Key = { carrier: string; portOfLoading: string; portOfDischarge: string; vessel: string; voyage: string };
const KEY_SQL = `carrier, port_of_loading AS "portOfLoading", port_of_discharge AS "portOfDischarge", vessel, voyage`;
const keyOf = async (id: number) => (await pool().query<Key>(`SELECT ${KEY_SQL} FROM vessel_schedules WHERE id = $1`, [id])).rows[0]!;
const row = async (id: number) => (await pool().query("SELECT * FROM vessel_schedules WHERE id = $1", [id])).rows[0]!;
const count = async () => (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM vessel_schedules")).rows[0]!.n;

/** A vessel schedule owned by `owner` (or by anyone else), made so for the test. */
async function scheduleOwnedBy(id: number, owner: string): Promise<number> {
  await pool().query("UPDATE vessel_schedules SET owner_id = $2 WHERE id = $1", [id, owner]);
  return id;
}

describe("update by key", () => {
  it("updates the rows its natural keys find, writing only the fields items name; an unknown key is NOT_FOUND, never a create", async () => {
    const [k1, k2] = [await keyOf(1), await keyOf(2)];
    const before2 = await row(2);
    const rows = await count();
    const { preview, done } = await runOperation(admin, {
      resource: "vessel_schedules",
      target: {
        kind: "items",
        items: [
          { ...k1, price: 4500, gp20: 8 },
          { ...k2, hq40: 10 },
          { ...k1, vessel: "NO SUCH VESSEL", price: 1 },
          { carrier: k1.carrier, portOfLoading: k1.portOfLoading, price: 2 },
          { ...k2, hq40: 10, price: Number(before2.price) },
        ],
      },
      operation: { type: "updateByKey" },
    });
    expect(preview.preview.fieldsTouched.sort()).toEqual(["gp20", "hq40", "price"]);
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => [i.itemIndex, i.action, i.outcome, i.rowId, i.errors?.map((e) => `${e.code}:${e.field}`) ?? []])).toEqual([
      [0, "update", "will_change", 1, []],
      [1, "update", "will_change", 2, []],
      [2, "update", "invalid", null, ["NOT_FOUND:null"]],
      [3, "update", "invalid", null, ["MISSING_KEY:portOfDischarge", "MISSING_KEY:vessel", "MISSING_KEY:voyage"]],
      [4, "update", "invalid", 2, ["DUPLICATE_TARGET:null"]],
    ]);
    expect(items[1]).toMatchObject({ before: { hq40: before2.hq40, price: Number(before2.price) }, after: { hq40: 10, price: Number(before2.price) } });
    expect(done.progress.counts).toMatchObject({ succeeded: 2, invalid: 3 });
    expect(await count()).toBe(rows);
    expect(await row(1)).toMatchObject({ price: "4500.00", gp20: 8 });
    expect(await row(2)).toMatchObject({ hq40: 10, price: before2.price, gp20: before2.gp20, version: before2.version + 1 });
  });

  it("leaves a row whose values are already the item's unchanged, and refuses a batch that sets nothing but the key", async () => {
    const k = await keyOf(3);
    const r = await row(3);
    const same = await admin.batch.validate({ resource: "vessel_schedules", target: { kind: "items", items: [{ ...k, gp40: r.gp40 }] }, operation: { type: "updateByKey" } });
    expect(same.preview).toMatchObject({ total: 1, unchanged: 1, willChange: 0 });
    const keyOnly = await errorOf(admin.batch.validate({ resource: "vessel_schedules", target: { kind: "items", items: [k] }, operation: { type: "updateByKey" } }));
    expect(keyOnly).toMatchObject({ code: "BAD_REQUEST", message: "Update by key needs a field to set besides the key (carrier, portOfLoading, portOfDischarge, vessel, voyage)." });
    const ids = await errorOf(admin.batch.validate({ resource: "vessel_schedules", target: { kind: "ids", ids: [3] }, operation: { type: "updateByKey" } }));
    expect(ids.message).toBe("Update by key needs a list of items, each with its natural key.");
  });

  it("checks the new values against the fields' rules and types per item", async () => {
    const k = await keyOf(4);
    const preview = await admin.batch.validate({
      resource: "vessel_schedules",
      target: { kind: "items", items: [{ ...k, gp20: -1 }, { ...(await keyOf(5)), gp20: "many" }] },
      operation: { type: "updateByKey" },
    });
    const items = await allItems(admin, preview.id);
    expect(items.map((i) => i.errors?.map((e) => `${e.code}:${e.field}`))).toEqual([["CONSTRAINT_VIOLATION:gp20"], ["FIELD_TYPE_MISMATCH:gp20"]]);
  });

  it("lets operators update by key only the rows they own, and give them to nobody else", async () => {
    const [me, other] = [await userId("operator"), await userId("operator2")];
    const mine = await scheduleOwnedBy(6, me);
    const theirs = await scheduleOwnedBy(7, other);
    const preview = await operator.batch.validate({
      resource: "vessel_schedules",
      target: { kind: "items", items: [{ ...(await keyOf(mine)), remark: "mine" }, { ...(await keyOf(theirs)), remark: "theirs" }, { ...(await keyOf(mine)), ownerId: other }] },
      operation: { type: "updateByKey" },
    });
    const items = await allItems(operator, preview.id);
    expect(items.map((i) => i.errors?.map((e) => e.code) ?? [])).toEqual([[], ["PERMISSION_DENIED", "PERMISSION_DENIED"], ["DUPLICATE_TARGET", "PERMISSION_DENIED"]]);
    const done = await commitAndRun(operator, preview.id);
    expect(done.progress.counts).toMatchObject({ succeeded: 1, invalid: 2 });
    expect((await row(mine)).remark).toBe("mine");
    expect((await row(theirs)).remark).not.toBe("theirs");
  });

  it("is reverted from its before-images, and retried for the rows that conflicted", async () => {
    const k = await keyOf(8);
    const before = await row(8);
    const { preview } = await runOperation(admin, { resource: "vessel_schedules", target: { kind: "items", items: [{ ...k, price: 77.7, remark: "reverted soon" }] }, operation: { type: "updateByKey" } });
    const revert = await admin.batch.revert({ batchId: preview.id });
    expect(revert.preview).toMatchObject({ total: 1, willChange: 1 });
    await commitAndRun(admin, revert.id);
    expect(await row(8)).toMatchObject({ price: before.price, remark: before.remark });

    // A row changed between the preview and the commit conflicts; the retry plans it again by its key.
    const second = await admin.batch.validate({ resource: "vessel_schedules", target: { kind: "items", items: [{ ...k, gp40: 33 }] }, operation: { type: "updateByKey" } });
    await pool().query("UPDATE vessel_schedules SET remark = 'edited meanwhile', version = version + 1 WHERE id = 8");
    expect((await commitAndRun(admin, second.id)).progress.counts.conflict).toBe(1);
    const retry = await admin.batch.retryFailed({ batchId: second.id });
    expect(retry.preview).toMatchObject({ total: 1, willChange: 1 });
    await commitAndRun(admin, retry.id);
    expect(await row(8)).toMatchObject({ gp40: 33, remark: "edited meanwhile" });
  });

  it("is open to operators (it can be reverted) and closed to viewers, on resources with a natural key", async () => {
    const viewer = await callerAs("viewer");
    const items = [{ sku: "SKU-00000001", stock: 5 }];
    expect((await errorOf(viewer.batch.validate({ resource: "products", target: { kind: "items", items }, operation: { type: "updateByKey" } }))).code).toBe("FORBIDDEN");
    const meta = await operator.resources.meta();
    expect(meta.find((r) => r.name === "products")!.operations).toContain("updateByKey");
    expect((await errorOf(admin.batch.validate({ resource: "letters", target: { kind: "items", items: [{ title: "x" }] }, operation: { type: "updateByKey" } }))).code).toBe("FORBIDDEN");
  });
});
