"use client";
import { Archive, ArchiveArrowUp, ChevronDown, CloudDownload, Download, PencilLine, Replace, Trash, X } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import { formatCount } from "@/components/format/count";
import { OPERATION_LABEL, type ComposableOperation } from "@/components/batches/operations";
import { Button } from "@/components/ui/button";
import { MenuContent, MenuItem, MenuRoot, MenuSeparator, MenuTrigger } from "@/components/ui/dropdown-menu";

const ICON: Record<ComposableOperation, LucideIcon> = {
  update: PencilLine,
  statusChange: Replace,
  archive: Archive,
  restore: ArchiveArrowUp,
  softDelete: Trash,
  hardDelete: Trash,
};
const PRIMARY: ReadonlySet<ComposableOperation> = new Set(["update", "statusChange"]);

/** Shown above the rows while some are selected: how many, and the operations this user may run on them. */
export function BulkActionBar({
  count,
  allMatching,
  operations,
  onCompose,
  onExport,
  onFetchFiles,
  onClear,
}: {
  count: number;
  allMatching: boolean;
  operations: ComposableOperation[];
  onCompose: (op: ComposableOperation) => void;
  /** Export the selection (every role may: an export only reads). */
  onExport: () => void;
  /** Download the selected rows' source URLs into storage (resources that fetch files, operators up). */
  onFetchFiles?: () => void;
  onClear: () => void;
}) {
  const primary = operations.filter((op) => PRIMARY.has(op));
  const more = operations.filter((op) => !PRIMARY.has(op));
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 bg-slate-900 px-4 py-2 text-sm text-white"
    >
      <p aria-live="polite" data-testid="selection-count" className="mr-2 font-medium tabular-nums">
        {formatCount(count)} selected{allMatching ? " (all matching)" : ""}
      </p>
      {primary.map((op) => {
        const Icon = ICON[op];
        return (
          <Button key={op} size="sm" variant="inverse" onClick={() => onCompose(op)}>
            <Icon aria-hidden />
            {OPERATION_LABEL[op]}
          </Button>
        );
      })}
      <Button size="sm" variant="inverse" onClick={onExport}>
        <Download aria-hidden />
        Export
      </Button>
      {onFetchFiles ? (
        <Button size="sm" variant="inverse" onClick={onFetchFiles}>
          <CloudDownload aria-hidden />
          Fetch files
        </Button>
      ) : null}
      {more.length ? (
        <MenuRoot>
          <MenuTrigger asChild>
            <Button size="sm" variant="inverse">
              More actions
              <ChevronDown aria-hidden />
            </Button>
          </MenuTrigger>
          <MenuContent>
            {more.map((op, i) => {
              const Icon = ICON[op];
              return (
                <span key={op}>
                  {op === "hardDelete" && i > 0 ? <MenuSeparator /> : null}
                  <MenuItem danger={op === "hardDelete"} onSelect={() => onCompose(op)}>
                    <Icon aria-hidden />
                    {OPERATION_LABEL[op]}…
                  </MenuItem>
                </span>
              );
            })}
          </MenuContent>
        </MenuRoot>
      ) : null}
      <Button size="sm" variant="inverseGhost" className="ml-auto" onClick={onClear}>
        <X aria-hidden />
        Clear selection
      </Button>
    </div>
  );
}
