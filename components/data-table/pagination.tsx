"use client";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { useId } from "react";
import { formatCount } from "@/components/format/count";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";

/** "1–50 of 812,344", page size, and first/previous/next/last page buttons. */
export function Pagination({
  page,
  pageSize,
  total,
  sizes,
  onPage,
  onPageSize,
  what = "rows",
}: {
  page: number;
  pageSize: number;
  total: number | undefined;
  sizes: readonly number[];
  onPage: (page: number) => void;
  onPageSize?: (size: number) => void;
  what?: string;
}) {
  const sizeId = useId();
  const pages = total === undefined ? page : Math.max(1, Math.ceil(total / pageSize));
  const from = total ? (page - 1) * pageSize + 1 : 0;
  const to = total === undefined ? 0 : Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-2.5 text-sm text-slate-600">
      <p aria-live="polite" className="tabular-nums">
        {total === undefined ? (
          "Loading…"
        ) : total === 0 ? (
          `No ${what}`
        ) : (
          <>
            <span className="font-medium text-slate-900">
              {formatCount(from)}–{formatCount(to)}
            </span>{" "}
            of <span className="font-medium text-slate-900">{formatCount(total)}</span> {total === 1 ? singular(what) : what}
          </>
        )}
      </p>
      <div className="flex items-center gap-3">
        {onPageSize ? (
          <span className="flex items-center gap-2">
            <label htmlFor={sizeId} className="text-slate-500">
              Rows per page
            </label>
            <Select id={sizeId} size="sm" value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
              {sizes.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </span>
        ) : null}
        <span className="tabular-nums">
          Page {formatCount(Math.min(page, pages))} of {formatCount(pages)}
        </span>
        <span className="flex items-center gap-1">
          <PageButton label="First page" disabled={page <= 1} onClick={() => onPage(1)} icon={<ChevronsLeft aria-hidden />} />
          <PageButton label="Previous page" disabled={page <= 1} onClick={() => onPage(page - 1)} icon={<ChevronLeft aria-hidden />} />
          <PageButton label="Next page" disabled={page >= pages} onClick={() => onPage(page + 1)} icon={<ChevronRight aria-hidden />} />
          <PageButton label="Last page" disabled={page >= pages} onClick={() => onPage(pages)} icon={<ChevronsRight aria-hidden />} />
        </span>
      </div>
    </nav>
  );
}

function PageButton({ label, disabled, onClick, icon }: { label: string; disabled: boolean; onClick: () => void; icon: React.ReactNode }) {
  return (
    <Button variant="secondary" size="sm" className="w-8 px-0" aria-label={label} title={label} disabled={disabled} onClick={onClick}>
      {icon}
    </Button>
  );
}

/** "rows" → "row", "batches" → "batch", "files" → "file". */
function singular(plural: string): string {
  if (/(ch|sh|x)es$/.test(plural)) return plural.slice(0, -2);
  return plural.endsWith("s") ? plural.slice(0, -1) : plural;
}
