import { formatCount } from "@/components/format/count";

const linkClass = "font-medium text-slate-900 underline underline-offset-2 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900 rounded-sm";

/**
 * Offers to widen a full page to every matching row (a server-side filter selection), and says so
 * once it is, with how many rows were deselected since.
 */
export function SelectionBanner({
  allMatching,
  pageFullySelected,
  pageCount,
  total,
  excluded,
  onSelectAll,
  onClear,
}: {
  allMatching: boolean;
  pageFullySelected: boolean;
  pageCount: number;
  total: number;
  excluded: number;
  onSelectAll: () => void;
  onClear: () => void;
}) {
  if (allMatching) {
    return (
      <div role="status" className="border-b border-blue-100 bg-blue-50 px-4 py-2 text-center text-sm text-slate-700">
        All <strong className="tabular-nums">{formatCount(total)}</strong> matching rows are selected
        {excluded > 0 ? <> except {formatCount(excluded)} you deselected</> : null}.{" "}
        <button type="button" className={linkClass} onClick={onClear}>
          Clear selection
        </button>
      </div>
    );
  }
  if (!pageFullySelected || total <= pageCount) return null;
  return (
    <div role="status" className="border-b border-blue-100 bg-blue-50 px-4 py-2 text-center text-sm text-slate-700">
      All {formatCount(pageCount)} on this page are selected.{" "}
      <button type="button" className={linkClass} onClick={onSelectAll}>
        Select all {formatCount(total)} matching
      </button>
    </div>
  );
}
