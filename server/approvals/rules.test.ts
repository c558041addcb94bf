import { describe, expect, it } from "vitest";
import { ruleMatches, type ApprovalSubject } from "./rules";

// Each condition a rule can set, matching and not matching; a rule matches when all it sets hold.

const any = { enabled: true, resource: null, operation: null, toStatus: null, minRows: null, requesterRoles: [], sensitiveFields: false } as const;
const batch: ApprovalSubject = { resource: "letters", operation: { type: "update", changes: [] }, willChange: 10, fieldsTouched: ["title"], plannedRole: "operator" };

describe("ruleMatches", () => {
  it("a rule that sets nothing matches every batch, unless disabled", () => {
    expect(ruleMatches(any, batch)).toBe(true);
    expect(ruleMatches({ ...any, enabled: false }, batch)).toBe(false);
  });
  it("by resource", () => {
    expect(ruleMatches({ ...any, resource: "letters" }, batch)).toBe(true);
    expect(ruleMatches({ ...any, resource: "orders" }, batch)).toBe(false);
  });
  it("by operation", () => {
    expect(ruleMatches({ ...any, operation: "update" }, batch)).toBe(true);
    expect(ruleMatches({ ...any, operation: "hardDelete" }, batch)).toBe(false);
    expect(ruleMatches({ ...any, operation: "hardDelete" }, { ...batch, operation: { type: "hardDelete" } })).toBe(true);
  });
  it("by the status changed to", () => {
    const toShipped = { ...batch, operation: { type: "statusChange", to: "shipped" } };
    expect(ruleMatches({ ...any, toStatus: "shipped" }, toShipped)).toBe(true);
    expect(ruleMatches({ ...any, toStatus: "cancelled" }, toShipped)).toBe(false);
    expect(ruleMatches({ ...any, toStatus: "shipped" }, batch)).toBe(false);
  });
  it("by size: more rows than N change", () => {
    expect(ruleMatches({ ...any, minRows: 9 }, batch)).toBe(true);
    expect(ruleMatches({ ...any, minRows: 10 }, batch)).toBe(false);
  });
  it("by the requester's role (the one the batch was planned with)", () => {
    expect(ruleMatches({ ...any, requesterRoles: ["operator"] }, batch)).toBe(true);
    expect(ruleMatches({ ...any, requesterRoles: ["admin"] }, batch)).toBe(false);
    expect(ruleMatches({ ...any, requesterRoles: ["operator"] }, { ...batch, plannedRole: null })).toBe(false);
  });
  it("by a sensitive field touched (letters' senderName is, its title is not)", () => {
    expect(ruleMatches({ ...any, sensitiveFields: true }, batch)).toBe(false);
    expect(ruleMatches({ ...any, sensitiveFields: true }, { ...batch, fieldsTouched: ["title", "senderName"] })).toBe(true);
  });
  it("all conditions together", () => {
    const rule = { ...any, resource: "letters", operation: "update" as const, minRows: 5, requesterRoles: ["operator" as const] };
    expect(ruleMatches(rule, batch)).toBe(true);
    expect(ruleMatches(rule, { ...batch, willChange: 5 })).toBe(false);
  });
});
