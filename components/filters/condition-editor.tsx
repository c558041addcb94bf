"use client";
import { Select } from "@/components/ui/select";
import type { FieldMeta } from "@/components/resources/types";
import { ConditionValueInput, type CurrentUser } from "./condition-value-input";
import { blankCondition, opsFor, reshapeValue, type Condition, type FilterOp } from "./filter-model";

/** Field (optional), operator and value of one condition. */
export function ConditionEditor({
  fields,
  condition,
  onChange,
  me,
  idPrefix,
  showField = true,
}: {
  fields: FieldMeta[];
  condition: Condition;
  onChange: (c: Condition) => void;
  me?: CurrentUser;
  idPrefix: string;
  showField?: boolean;
}) {
  const field = fields.find((f) => f.name === condition.field);
  return (
    <div className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
      {showField ? (
        <Select
          size="sm"
          aria-label="Field"
          value={condition.field}
          onChange={(e) => {
            const next = fields.find((f) => f.name === e.target.value);
            if (next) onChange(blankCondition(next));
          }}
        >
          {fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </Select>
      ) : null}
      {field ? (
        <>
          <Select
            size="sm"
            aria-label="Operator"
            value={condition.op}
            onChange={(e) => {
              const op = e.target.value as FilterOp;
              onChange({ ...condition, op, value: reshapeValue(op, condition.value) });
            }}
          >
            {opsFor(field).map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </Select>
          <ConditionValueInput
            field={field}
            condition={condition}
            me={me}
            idPrefix={idPrefix}
            onChange={(value) => onChange({ ...condition, value })}
          />
        </>
      ) : null}
    </div>
  );
}
