import { countOf } from "@/components/format/count";
import { OPERATION_LABEL } from "@/components/batches/operations";
import type { ApprovalRule } from "./types";

/** A rule's conditions in words, one per condition it sets ("Letters", "more than 25 rows change", …); none: every batch. */
export function ruleConditions(rule: ApprovalRule, resourceLabel: (name: string) => string): string[] {
  const out: string[] = [];
  out.push(rule.resource ? resourceLabel(rule.resource) : "Any resource");
  if (rule.operation) out.push(OPERATION_LABEL[rule.operation]);
  if (rule.toStatus) out.push(`status changed to ${rule.toStatus}`);
  if (rule.minRows !== null) out.push(`more than ${countOf(rule.minRows, "row")} change`);
  if (rule.requesterRoles.length) out.push(`requested by ${rule.requesterRoles.join(" or ")}`);
  if (rule.sensitiveFields) out.push("touches a sensitive field");
  return out;
}
