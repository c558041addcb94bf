"use client";
import { Checkbox } from "@/components/ui/checkbox";
import { SPREADSHEET_FORMATS, type ExportFormat } from "@/server/contracts/exports";

/**
 * The "protect against formulas" switch, for formats opened in spreadsheets. Off only on purpose:
 * a title such as =HYPERLINK(…) written by any editor would otherwise run when the file is opened.
 */
export function FormulaOption({ format, checked, onChange }: { format: ExportFormat; checked: boolean; onChange: (checked: boolean) => void }) {
  if (!SPREADSHEET_FORMATS.includes(format)) return null;
  return (
    <label className="flex items-start gap-2 text-sm text-slate-700">
      <Checkbox className="mt-0.5" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>
        Keep formulas from running
        <span className="block text-xs text-slate-500">Text starting with = + - or @ opens as text, not as a formula{format === "csv" ? " (written with a leading ')" : ""}.</span>
      </span>
    </label>
  );
}
