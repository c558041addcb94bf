"use client";
import { Download, Trash2 } from "lucide-react";
import Link from "next/link";
import { formatCount } from "@/components/format/count";
import { formatDateTime } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, Td, Th } from "@/components/ui/table";
import { fileUrl, formatBytes, formatShort } from "./format";
import { ExportStatus } from "./status-badge";
import type { ExportRow } from "./types";

/** The exports as a table: pick ready files to download them together, or one at a time. */
export function ExportsTable({
  rows,
  resourceLabel,
  selected,
  onToggle,
  onToggleAll,
  onDelete,
}: {
  rows: ExportRow[];
  resourceLabel: (name: string) => string;
  selected: ReadonlySet<string>;
  onToggle: (fileId: string) => void;
  onToggleAll: (on: boolean) => void;
  onDelete: (row: ExportRow) => void;
}) {
  const ready = rows.filter((r) => r.status === "ready" && r.fileId);
  const allOn = ready.length > 0 && ready.every((r) => selected.has(r.fileId!));
  const someOn = ready.some((r) => selected.has(r.fileId!));
  return (
    // aria-label rather than an sr-only caption: an absolutely placed caption in a table wider than
    // its scroll box widens the whole page.
    <Table aria-label="Exported files">
      <thead>
        <tr>
          <Th className="w-8">
            <Checkbox aria-label="Select all ready files" checked={allOn} indeterminate={someOn && !allOn} disabled={ready.length === 0} onChange={(e) => onToggleAll(e.target.checked)} />
          </Th>
          <Th>Name</Th>
          <Th className="text-right">Rows</Th>
          <Th className="text-right">Size</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>State</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const downloadable = row.status === "ready" && row.fileId;
          return (
            <tr key={row.batchId} data-testid="export-row" data-status={row.status} className="last:[&>td]:border-b-0">
              <Td>
                {downloadable ? <Checkbox aria-label={`Select ${row.name}`} checked={selected.has(row.fileId!)} onChange={() => onToggle(row.fileId!)} /> : null}
              </Td>
              <Td className="max-w-80">
                <Link href={`/batches/${row.batchId}`} className="block truncate font-mono text-xs text-slate-900 hover:underline" title={row.name}>
                  {row.name}
                </Link>
                <p className="mt-0.5 text-xs text-slate-500">
                  {resourceLabel(row.resource)} · <span className="uppercase">{row.format}</span>
                </p>
                {row.status === "failed" && row.lastError ? <p className="mt-0.5 text-xs text-red-700">{row.lastError}</p> : null}
              </Td>
              <Td className="text-right tabular-nums" data-testid="export-rows">
                {formatCount(row.rows)}
              </Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{row.size !== null ? formatBytes(row.size) : <span className="text-slate-400">—</span>}</Td>
              <Td className="whitespace-nowrap">
                <span className="block text-slate-900">{row.createdBy.name || row.createdBy.email}</span>
                <time className="text-xs text-slate-500" dateTime={new Date(row.createdAt).toISOString()}>
                  {formatShort(new Date(row.createdAt))}
                </time>
              </Td>
              <Td className="whitespace-nowrap">
                {row.expiresAt ? (
                  <time dateTime={new Date(row.expiresAt).toISOString()} title={formatDateTime(new Date(row.expiresAt))}>
                    {formatShort(new Date(row.expiresAt))}
                  </time>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
              <Td>
                <ExportStatus row={row} />
              </Td>
              <Td>
                <div className="flex items-center justify-end gap-1">
                  {downloadable ? (
                    <Button asChild size="sm" variant="secondary">
                      <a href={fileUrl(row.fileId!)} download={row.name} aria-label={`Download ${row.name}`}>
                        <Download aria-hidden />
                        <span className="sr-only lg:not-sr-only">Download</span>
                      </a>
                    </Button>
                  ) : null}
                  {downloadable ? (
                    <Button size="sm" variant="ghost" aria-label={`Delete ${row.name}`} onClick={() => onDelete(row)}>
                      <Trash2 aria-hidden />
                    </Button>
                  ) : null}
                </div>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
