import { describe, expect, it } from "vitest";
import { resourcesMeta } from "@/server/resources/meta";
import { rowOperations, rowsFromCsv } from "./rows-from-csv";

const admin = resourcesMeta("admin");
const products = admin.find((r) => r.name === "products")!;
const letters = admin.find((r) => r.name === "letters")!;
const vessels = admin.find((r) => r.name === "vessel_schedules")!;

describe("rows from CSV", () => {
  it("offers create always, upsert and delete by key only with a natural key, and only what the role may run", () => {
    expect(rowOperations(products)).toEqual(["create", "upsert", "deleteByKey", "updatePerRow"]);
    expect(rowOperations(letters)).toEqual(["create", "updatePerRow"]);
    const operatorProducts = resourcesMeta("operator").find((r) => r.name === "products")!;
    expect(rowOperations(operatorProducts)).toEqual(["create", "upsert", "updatePerRow"]);
    expect(rowOperations(resourcesMeta("viewer").find((r) => r.name === "products")!)).toEqual([]);
  });

  it("matches columns by field name or label in any case, splits lists on ';' and leaves empty cells out", () => {
    const csv = '\uFEFFSKU,name,Price,tags\r\nNEW-1,"Lamp, brass",12.50,sale; eco\r\nSKU-00000001,,9.99,\r\n';
    expect(rowsFromCsv(products, "upsert", csv)).toEqual({
      ok: true,
      rows: 2,
      columns: ["sku", "name", "price", "tags"],
      batch: {
        target: { kind: "items", items: [{ sku: "NEW-1", name: "Lamp, brass", price: "12.50", tags: ["sale", "eco"] }, { sku: "SKU-00000001", price: "9.99" }] },
        operation: { type: "upsert" },
      },
    });
  });

  it("reads delete by key from the key columns only, and requires all of a composite key", () => {
    const key = "carrier,port of loading,portOfDischarge,vessel,voyage\nMaersk,CNSHA,NLRTM,Emma,001W\n";
    expect(rowsFromCsv(vessels, "deleteByKey", key)).toMatchObject({
      ok: true,
      batch: { target: { kind: "naturalKeys", keys: [{ carrier: "Maersk", portOfLoading: "CNSHA", portOfDischarge: "NLRTM", vessel: "Emma", voyage: "001W" }] }, operation: { type: "deleteByKey" } },
    });
    expect(rowsFromCsv(vessels, "upsert", "carrier,vessel,voyage\nMaersk,Emma,001W\n")).toEqual({
      ok: false,
      error: "Rows are matched by carrier + portOfLoading + portOfDischarge + vessel + voyage: add the portOfLoading, portOfDischarge columns.",
    });
    expect(rowsFromCsv(products, "deleteByKey", "sku,name\nA-1,x\n")).toEqual({ ok: false, error: "Delete by key takes only the key columns (sku); remove name." });
  });

  it("reads update per row from an id column and one field", () => {
    expect(rowsFromCsv(letters, "updatePerRow", "id,status\n7,sent\n9,delivered\n7,draft\n")).toEqual({
      ok: true,
      rows: 3,
      columns: ["id", "status"],
      batch: { target: { kind: "ids", ids: [7, 9] }, operation: { type: "updatePerRow", field: "status", values: [{ id: 7, value: "sent" }, { id: 9, value: "delivered" }, { id: 7, value: "draft" }] } },
    });
    expect(rowsFromCsv(letters, "updatePerRow", "id,status,title\n7,sent,x\n")).toMatchObject({ ok: false, error: "Update per row takes two columns: id and the one field to set." });
    expect(rowsFromCsv(letters, "updatePerRow", "id,status\nseven,sent\n")).toEqual({ ok: false, error: 'Line 2: "seven" is not a row id.' });
  });

  it("leaves a row alone when its update-per-row cell is empty, as the dialog says", () => {
    expect(rowsFromCsv(letters, "updatePerRow", "id,senderName\n4999,\n5000,Ann\n")).toMatchObject({
      ok: true,
      rows: 1,
      batch: { target: { kind: "ids", ids: [5000] }, operation: { values: [{ id: 5000, value: "Ann" }] } },
    });
    expect(rowsFromCsv(letters, "updatePerRow", "id,senderName\n4999,\n")).toEqual({ ok: false, error: "Every Sender cell is empty: there is nothing to set." });
  });

  it("refuses read-only columns up front and points at the right line of a broken quote", () => {
    expect(rowsFromCsv(products, "create", "name,sku,version\nA,B,3\n")).toEqual({ ok: false, error: "version is set by Batchdesk, not from a CSV: remove that column." });
    expect(rowsFromCsv(products, "create", 'name,sku,price\n"unterminated,SKU-X,1')).toEqual({ ok: false, error: "Line 2: Quoted field unterminated." });
  });

  it("explains bad input before anything is sent", () => {
    expect(rowsFromCsv(products, "create", "  ")).toEqual({ ok: false, error: "Paste CSV text or choose a file first." });
    expect(rowsFromCsv(products, "create", "sku,name\n")).toEqual({ ok: false, error: "The CSV has a header line but no rows." });
    expect(rowsFromCsv(products, "create", "sku,colour,size\nA,red,L\n")).toEqual({ ok: false, error: "Unknown columns: colour, size. Use field names such as name, sku, price, stock." });
    expect(rowsFromCsv(products, "create", "sku,SKU\nA,B\n")).toEqual({ ok: false, error: "Two columns are the field sku." });
    expect(rowsFromCsv(products, "create", "id,sku\n1,A\n")).toMatchObject({ ok: false, error: expect.stringContaining("remove the id column") });
    expect(rowsFromCsv(products, "create", 'sku,name\nA,"unclosed\n')).toMatchObject({ ok: false, error: expect.stringMatching(/^Line \d+: Quoted field unterminated\.$/) });
    expect(rowsFromCsv(products, "create", "sku,name\n,\nB,b\n")).toMatchObject({ ok: true, rows: 1 });
  });
});
