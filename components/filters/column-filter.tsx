"use client";
import { Funnel } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PopoverClose, PopoverContent, PopoverRoot, PopoverTrigger } from "@/components/ui/popover";
import type { FieldMeta } from "@/components/resources/types";
import type { CurrentUser } from "./condition-value-input";
import { ConditionEditor } from "./condition-editor";
import { blankCondition, conditionProblem, type Condition } from "./filter-model";

/** The funnel in a column header: one condition on that column, applied on submit. */
export function ColumnFilter({
  field,
  current,
  onApply,
  me,
}: {
  field: FieldMeta;
  current: Condition | undefined;
  onApply: (c: Condition | null) => void;
  me?: CurrentUser;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Condition>(current ?? blankCondition(field));
  const [touched, setTouched] = useState(false);
  const id = useId();
  const problem = conditionProblem(field, draft);

  return (
    <PopoverRoot
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setDraft(current ?? blankCondition(field));
          setTouched(false);
        }
      }}
    >
      <PopoverTrigger asChild>
        <button
          type="button"
          aria-label={current ? `Filter ${field.label} (active)` : `Filter ${field.label}`}
          className={cn(
            "rounded p-0.5 focus-visible:outline-2 focus-visible:outline-slate-900",
            current ? "bg-slate-900 text-white hover:bg-slate-700" : "text-slate-300 hover:bg-slate-200 hover:text-slate-700",
          )}
        >
          <Funnel aria-hidden className="size-3.5" />
        </button>
      </PopoverTrigger>
      <PopoverContent label={`Filter ${field.label}`} className="w-80">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (problem) return;
            onApply(draft);
            setOpen(false);
          }}
          className="space-y-3"
        >
          <p className="text-xs font-medium text-slate-500">Filter by {field.label.toLowerCase()}</p>
          <ConditionEditor fields={[field]} condition={draft} onChange={setDraft} me={me} idPrefix={id} showField={false} />
          {touched && problem ? (
            <p role="alert" className="text-sm text-red-700">
              {problem}
            </p>
          ) : null}
          <div className="flex justify-between gap-2">
            <PopoverClose asChild>
              <Button variant="ghost" size="sm" onClick={() => onApply(null)} disabled={!current}>
                Clear
              </Button>
            </PopoverClose>
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
      </PopoverContent>
    </PopoverRoot>
  );
}
