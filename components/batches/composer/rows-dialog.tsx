"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { formatCount } from "@/components/format/count";
import { useTRPC } from "@/components/providers/trpc";
import type { ResourceMeta } from "@/components/resources/types";
import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { OPERATION_LABEL } from "../operations";
import { MAX_CSV_ROWS, rowOperations, rowsFromCsv, type RowOperation } from "./rows-from-csv";

/** The largest file read into the browser: a generous 100,000 rows of a wide resource. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function columnsHint(meta: ResourceMeta, op: RowOperation): string {
  const key = meta.naturalKey ?? [];
  switch (op) {
    case "create":
      return `Columns: any of ${meta.fields.filter((f) => !f.readOnly).map((f) => f.name).join(", ")}. Required: ${meta.fields.filter((f) => f.required && !f.readOnly).map((f) => f.name).join(", ") || "none"}.`;
    case "upsert":
      return `Rows are matched by ${key.join(" + ")}: include ${key.length === 1 ? "that column" : "those columns"}, plus the fields to set. A row with no match is created.`;
    case "deleteByKey":
      return `Only the key ${key.length === 1 ? "column" : "columns"}: ${key.join(", ")}. Matching rows are deleted permanently.`;
    case "updatePerRow":
      return "Two columns: id and the field to set, e.g. id,status. Each row gets its own value.";
  }
}

/**
 * Create, upsert, delete by key or set a field per row from CSV pasted or chosen from disk: the
 * columns are checked here, the rows go to a dry run, and the preview page shows each row's outcome
 * before anything is written.
 */
export function RowsDialog({ meta, onClose }: { meta: ResourceMeta; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const operations = rowOperations(meta);
  const [operation, setOperation] = useState<RowOperation>(operations[0] ?? "create");
  const [text, setText] = useState("");
  const [strict, setStrict] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const validate = useMutation(trpc.batch.validate.mutationOptions({ onSuccess: (summary) => router.push(`/batches/${summary.id}`) }));

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setProblem(`That file is ${formatCount(Math.round(file.size / 1024 / 1024))} MB; one batch takes at most ${formatCount(MAX_CSV_ROWS)} rows. Split it.`);
      return;
    }
    setText(await file.text());
    setProblem(null);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = rowsFromCsv(meta, operation, text);
    if (!parsed.ok) {
      setProblem(parsed.error);
      return;
    }
    setProblem(null);
    validate.mutate({ resource: meta.name, ...parsed.batch, options: { validation: strict ? "strict" : "lenient" } });
  };

  return (
    <DialogRoot open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        side
        title={`Rows from CSV: ${meta.label}`}
        description="Nothing changes yet: the preview shows what each row would do, and you commit from there."
        footer={
          <DialogActions onCancel={onClose} form={`${id}-form`} pending={validate.isPending} pendingLabel="Preparing preview…">
            Preview rows
          </DialogActions>
        }
      >
        <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-5">
          <div>
            <Label htmlFor={`${id}-op`}>Operation</Label>
            <Select id={`${id}-op`} className="mt-1.5 w-full" value={operation} onChange={(e) => setOperation(e.target.value as RowOperation)}>
              {operations.map((op) => (
                <option key={op} value={op}>
                  {OPERATION_LABEL[op]}
                </option>
              ))}
            </Select>
            <p className="mt-1 text-xs text-slate-500">{columnsHint(meta, operation)}</p>
          </div>
          <div>
            <Label htmlFor={`${id}-csv`}>CSV</Label>
            <Textarea
              id={`${id}-csv`}
              className="mt-1.5 min-h-48 font-mono text-xs"
              value={text}
              spellCheck={false}
              placeholder={`${operation === "updatePerRow" ? "id" : (meta.naturalKey ?? [meta.fields[0]?.name ?? "name"]).join(",")},…\n…`}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : `${id}-csv-hint`}
              onChange={(e) => {
                setText(e.target.value);
                setProblem(null);
              }}
            />
            <p id={`${id}-csv-hint`} className="mt-1 text-xs text-slate-500">
              First line: field names or labels. Empty cells leave a field as it is; list values are separated by &quot;;&quot;.
            </p>
          </div>
          <div>
            <Label htmlFor={`${id}-file`}>Or choose a file</Label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv,text/plain"
              className="mt-1.5 block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-50"
              onChange={(e) => void readFile(e.target.files?.[0])}
            />
          </div>
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <Checkbox className="mt-0.5" checked={strict} onChange={(e) => setStrict(e.target.checked)} />
            <span>
              All or nothing
              <span className="block text-xs text-slate-500">Refuse to commit if any row is invalid (otherwise invalid rows are skipped).</span>
            </span>
          </label>
          {problem ? (
            <Alert tone="danger" title="The CSV cannot be used yet">
              <span id={`${id}-problem`}>{problem}</span>
            </Alert>
          ) : null}
          <MutationError error={validate.error} title="The preview could not be prepared" />
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
