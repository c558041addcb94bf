import { describe, expect, it } from "vitest";
import type { ResourceMeta } from "@/components/resources/types";
import { blankChange, buildOperation, DEFAULT_OPTIONS, editableFields, reachableStatuses, type ComposerForm } from "./build-operation";

const meta = {
  name: "products",
  label: "Products",
  singular: "product",
  titleField: "name",
  fields: [
    { name: "id", label: "ID", type: "number", pg: "int4", readOnly: true },
    { name: "name", label: "Name", type: "text", pg: "text", required: true, max: 10 },
    { name: "sku", label: "SKU", type: "text", pg: "text", required: true, pattern: "^[A-Z0-9-]{3,32}$", patternHint: "3–32 capital letters, digits or dashes" },
    { name: "price", label: "Price", type: "currency", pg: "numeric", required: true, min: 0, max: 9999999999.99, scale: 2 },
    { name: "stock", label: "Stock", type: "number", pg: "int4", required: true, min: 0 },
    { name: "status", label: "Status", type: "select", pg: "text", required: true, options: ["active", "inactive", "discontinued"] },
    { name: "tags", label: "Tags", type: "multiSelect", pg: "text[]", options: ["new", "sale"] },
    { name: "ownerId", label: "Owner", type: "user", pg: "text", required: true },
  ],
  status: { field: "status", transitions: { active: ["inactive", "discontinued"], inactive: ["active", "discontinued"], discontinued: [] } },
  ownerField: "ownerId",
  naturalKey: ["sku"],
  hasSoftDelete: true,
  hasArchive: true,
  archiveHasLocation: false,
  operations: ["update", "statusChange", "softDelete", "hardDelete", "archive", "restore"],
  canForce: false,
  defaultSort: { field: "id", dir: "desc" },
} as unknown as ResourceMeta;

const form = (patch: Partial<ComposerForm> = {}): ComposerForm => ({ changes: [], to: "", reason: "", force: false, location: "", options: DEFAULT_OPTIONS, ...patch });
const change = (field: string, patch: object) => ({ ...blankChange(1, meta.fields.find((f) => f.name === field)!), ...patch });

describe("composer", () => {
  it("offers only writable fields, leaving the status to its own operation and owners out", () => {
    expect(editableFields(meta).map((f) => f.name)).toEqual(["name", "sku", "price", "stock", "tags"]);
  });

  it("offers the statuses some state may move to, with where they may come from", () => {
    expect(reachableStatuses(meta)).toEqual([
      { to: "active", from: ["inactive"] },
      { to: "inactive", from: ["active"] },
      { to: "discontinued", from: ["active", "inactive"] },
    ]);
  });

  it("builds typed changes: numbers as numbers, tags as values", () => {
    const r = buildOperation(meta, "update", form({ changes: [change("price", { op: "multiply", value: "1.1" }), { ...change("tags", { op: "addOption", value: "sale" }), key: 2 }] }));
    expect(r).toEqual({
      ok: true,
      operation: { type: "update", changes: [{ op: "multiply", field: "price", by: 1.1 }, { op: "addOption", field: "tags", value: "sale" }] },
      options: { validation: "lenient", onError: "skip", chunkSize: 2000, maxParallel: 2, retries: 3 },
    });
  });

  it("explains bad values next to the change that has them", () => {
    const r = buildOperation(
      meta,
      "update",
      form({
        changes: [
          change("sku", { value: "bad sku" }),
          { ...change("stock", { value: "1.5" }), key: 2 },
          { ...change("name", { value: "far too long a name" }), key: 3 },
          { ...change("price", { op: "increment", value: "0" }), key: 4 },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors["changes.1.value"]).toBe("Must be 3–32 capital letters, digits or dashes.");
    expect(r.errors["changes.2.value"]).toBe("Enter a whole number.");
    expect(r.errors["changes.3.value"]).toMatch(/At most 10 characters/);
    expect(r.errors["changes.4.value"]).toMatch(/zero/);
  });

  it("refuses more decimals than the field keeps, and states limits with separators", () => {
    const r = buildOperation(meta, "update", form({ changes: [change("price", { value: "12.345" }), { ...change("price", { value: "99999999999" }), key: 2 }] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors["changes.1.value"]).toBe("Price takes at most 2 decimals.");
    expect(r.errors["changes.2.value"]).toBe("Must be at most 9,999,999,999.99.");
    expect(buildOperation(meta, "update", form({ changes: [change("price", { value: "12.35" })] })).ok).toBe(true);
  });

  it("needs a target status and a reason, and never forces without the right", () => {
    const missing = buildOperation(meta, "statusChange", form());
    expect(missing.ok ? {} : missing.errors).toMatchObject({ to: "Choose the new status.", reason: "Say why, for the audit log." });
    const ok = buildOperation(meta, "statusChange", form({ to: "inactive", reason: " Seasonal ", force: true }));
    expect(ok.ok && ok.operation).toEqual({ type: "statusChange", to: "inactive", reason: "Seasonal", force: false });
  });

  it("keeps run options within the engine's limits", () => {
    const r = buildOperation(meta, "restore", form({ options: { ...DEFAULT_OPTIONS, chunkSize: "50", maxParallel: "9" } }));
    expect(r.ok ? {} : r.errors).toMatchObject({
      "options.chunkSize": "Chunk size must be a whole number from 100 to 20,000.",
      "options.maxParallel": "Parallel chunks must be a whole number from 1 to 8.",
    });
  });
});
