"use client";
import { ListFilter, Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PopoverContent, PopoverRoot, PopoverTrigger } from "@/components/ui/popover";
import { Select } from "@/components/ui/select";
import type { FieldMeta } from "@/components/resources/types";
import type { CurrentUser } from "./condition-value-input";
import { ConditionEditor } from "./condition-editor";
import { blankCondition, conditionProblem, countConditions, isGroup, type Condition, type FilterGroup } from "./filter-model";

const MAX_DEPTH = 2;

function firstProblem(group: FilterGroup, fields: FieldMeta[]): string | null {
  for (const c of group.conditions) {
    const p = isGroup(c) ? firstProblem(c, fields) : conditionProblem(fields.find((f) => f.name === c.field), c);
    if (p) return p;
  }
  return null;
}

/** "Match all / any of": conditions and nested groups, applied together. */
export function FilterBuilder({
  fields,
  value,
  onApply,
  me,
}: {
  fields: FieldMeta[];
  value: FilterGroup | null;
  onApply: (g: FilterGroup | null) => void;
  me?: CurrentUser;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<FilterGroup>(value ?? { combinator: "and", conditions: [] });
  const [touched, setTouched] = useState(false);
  const count = countConditions(value);
  const problem = firstProblem(draft, fields);

  return (
    <PopoverRoot
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setDraft(value ?? { combinator: "and", conditions: [blankCondition(fields[0]!)] });
          setTouched(false);
        }
      }}
    >
      <PopoverTrigger asChild>
        <Button variant="secondary" size="sm" className={cn(count > 0 && "border-slate-900")}>
          <ListFilter aria-hidden />
          Filter
          {count > 0 ? <span className="rounded bg-slate-900 px-1.5 text-xs text-white tabular-nums">{count}</span> : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent label="Filter builder" className="w-[min(44rem,calc(100vw-2rem))]">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (problem) return;
            onApply(draft.conditions.length ? draft : null);
            setOpen(false);
          }}
          className="space-y-3"
        >
          <GroupEditor group={draft} onChange={setDraft} fields={fields} me={me} depth={0} />
          {touched && problem ? (
            <p role="alert" className="text-sm text-red-700">
              {problem}
            </p>
          ) : null}
          <div className="flex justify-between gap-2 border-t border-slate-200 pt-3">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                onApply(null);
                setOpen(false);
              }}
            >
              Clear all
            </Button>
            <Button type="submit" size="sm">
              Apply filter
            </Button>
          </div>
        </form>
      </PopoverContent>
    </PopoverRoot>
  );
}

function GroupEditor({
  group,
  onChange,
  onRemove,
  fields,
  me,
  depth,
}: {
  group: FilterGroup;
  onChange: (g: FilterGroup) => void;
  onRemove?: () => void;
  fields: FieldMeta[];
  me?: CurrentUser;
  depth: number;
}) {
  const id = useId();
  const replace = (i: number, c: Condition | FilterGroup) => onChange({ ...group, conditions: group.conditions.map((x, j) => (j === i ? c : x)) });
  const remove = (i: number) => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) });
  return (
    <div role="group" aria-label={depth === 0 ? "Filter conditions" : "Condition group"} className={cn(depth > 0 && "rounded-md border border-slate-200 bg-slate-50/70 p-2.5")}>
      <div className="mb-2 flex items-center gap-2 text-sm text-slate-600">
        <span>Match</span>
        <Select size="sm" aria-label="Match all or any" value={group.combinator} onChange={(e) => onChange({ ...group, combinator: e.target.value as "and" | "or" })}>
          <option value="and">all</option>
          <option value="or">any</option>
        </Select>
        <span>of the following</span>
        {onRemove ? (
          <button type="button" onClick={onRemove} aria-label="Remove group" className="ml-auto rounded p-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900">
            <X aria-hidden className="size-4" />
          </button>
        ) : null}
      </div>
      <ul className="space-y-2">
        {group.conditions.map((c, i) => (
          <li key={i} className="flex items-start gap-2">
            <span className="w-9 shrink-0 pt-1.5 text-right text-xs text-slate-400">{i === 0 ? "where" : group.combinator}</span>
            {isGroup(c) ? (
              <div className="min-w-0 flex-1">
                <GroupEditor group={c} onChange={(g) => replace(i, g)} onRemove={() => remove(i)} fields={fields} me={me} depth={depth + 1} />
              </div>
            ) : (
              <>
                <ConditionEditor fields={fields} condition={c} onChange={(n) => replace(i, n)} me={me} idPrefix={`${id}-${i}`} />
                <button type="button" onClick={() => remove(i)} aria-label="Remove condition" className="mt-1 rounded p-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900">
                  <X aria-hidden className="size-4" />
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex gap-2 pl-11">
        <Button variant="ghost" size="sm" onClick={() => onChange({ ...group, conditions: [...group.conditions, blankCondition(fields[0]!)] })}>
          <Plus aria-hidden />
          Add condition
        </Button>
        {depth < MAX_DEPTH ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onChange({ ...group, conditions: [...group.conditions, { combinator: group.combinator === "and" ? "or" : "and", conditions: [blankCondition(fields[0]!)] }] })}
          >
            <Plus aria-hidden />
            Add group
          </Button>
        ) : null}
      </div>
    </div>
  );
}
