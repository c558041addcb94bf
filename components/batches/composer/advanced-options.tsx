"use client";
import { ChevronRight } from "lucide-react";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ComposerForm, FormErrors } from "./build-operation";
import { describedBy, FieldShell } from "./field-shell";
import { formatCount } from "@/components/format/count";
import { OPTION_BOUNDS } from "@/server/contracts/batch";

type Options = ComposerForm["options"];

/** How the batch runs: validation mode, what a failed row does, chunk size, parallelism, retries. */
export function AdvancedOptions({ value, onChange, errors }: { value: Options; onChange: (o: Options) => void; errors: FormErrors }) {
  const hasError = Object.keys(errors).some((k) => k.startsWith("options."));
  const [open, setOpen] = useState(false);
  const set = (patch: Partial<Options>) => onChange({ ...value, ...patch });
  const shown = open || hasError;
  return (
    <section className="rounded-md border border-slate-200">
      <h3>
        <button
          type="button"
          aria-expanded={shown}
          aria-controls="advanced-options"
          onClick={() => setOpen(!shown)}
          className="flex w-full items-center gap-1.5 rounded-md px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-slate-900"
        >
          <ChevronRight aria-hidden className={`size-4 transition-transform ${shown ? "rotate-90" : ""}`} />
          Advanced options
          <span className="ml-auto text-xs font-normal text-slate-500">
            {value.validation}, on error {value.onError}, chunks of {value.chunkSize}
          </span>
        </button>
      </h3>
      {shown ? (
        <div id="advanced-options" className="grid gap-4 border-t border-slate-200 px-3 py-3 sm:grid-cols-2">
          <FieldShell id="opt-validation" label="Validation" hint="Strict blocks the commit while any row is invalid.">
            <Select {...describedBy("opt-validation", undefined, true)} className="w-full" value={value.validation} onChange={(e) => set({ validation: e.target.value as Options["validation"] })}>
              <option value="lenient">Lenient: skip invalid rows</option>
              <option value="strict">Strict: all rows must be valid</option>
            </Select>
          </FieldShell>
          <FieldShell id="opt-on-error" label="When a row fails" hint="Abort stops after the chunk with the failure.">
            <Select {...describedBy("opt-on-error", undefined, true)} className="w-full" value={value.onError} onChange={(e) => set({ onError: e.target.value as Options["onError"] })}>
              <option value="skip">Skip it and go on</option>
              <option value="abort">Abort the batch</option>
            </Select>
          </FieldShell>
          <FieldShell id="opt-chunk" label="Chunk size" hint={`Rows per transaction, ${formatCount(OPTION_BOUNDS.chunkSize.min)}–${formatCount(OPTION_BOUNDS.chunkSize.max)}.`} error={errors["options.chunkSize"]}>
            <Input {...describedBy("opt-chunk", errors["options.chunkSize"], true)} type="number" min={OPTION_BOUNDS.chunkSize.min} max={OPTION_BOUNDS.chunkSize.max} step={100} value={value.chunkSize} onChange={(e) => set({ chunkSize: e.target.value })} />
          </FieldShell>
          <FieldShell id="opt-parallel" label="Parallel chunks" hint="1–8 chunks at a time." error={errors["options.maxParallel"]}>
            <Input {...describedBy("opt-parallel", errors["options.maxParallel"], true)} type="number" min={OPTION_BOUNDS.maxParallel.min} max={OPTION_BOUNDS.maxParallel.max} value={value.maxParallel} onChange={(e) => set({ maxParallel: e.target.value })} />
          </FieldShell>
          <FieldShell id="opt-retries" label="Retries per chunk" hint="0–10, for transient failures." error={errors["options.retries"]}>
            <Input {...describedBy("opt-retries", errors["options.retries"], true)} type="number" min={OPTION_BOUNDS.retries.min} max={OPTION_BOUNDS.retries.max} value={value.retries} onChange={(e) => set({ retries: e.target.value })} />
          </FieldShell>
        </div>
      ) : null}
    </section>
  );
}
