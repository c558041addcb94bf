import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatAgo, formatDateTime } from "@/components/format/time";
import type { WorkerRow } from "./types";

export function WorkerList({ workers }: { workers: WorkerRow[] }) {
  if (workers.length === 0) {
    return (
      <p className="px-5 py-6 text-sm text-slate-500">
        No worker has reported in yet. Batches wait in the queue until one runs (<code className="font-mono text-xs">npm start</code> starts one).
      </p>
    );
  }
  return (
    <Table>
      <caption className="sr-only">Workers and when each was last seen</caption>
      <thead>
        <tr>
          <Th>Worker</Th>
          <Th>Status</Th>
          <Th className="text-right">Last seen</Th>
        </tr>
      </thead>
      <tbody>
        {workers.map((w) => (
          <tr key={w.id} className="last:[&>td]:border-b-0">
            <Td className="max-w-48 truncate font-mono text-xs text-slate-900" title={w.id}>
              {w.id}
            </Td>
            <Td>
              {w.alive ? (
                <Badge tone="success">
                  <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />
                  Alive
                </Badge>
              ) : (
                <Badge tone="neutral">
                  <span aria-hidden className="size-1.5 rounded-full bg-slate-400" />
                  Not responding
                </Badge>
              )}
            </Td>
            <Td className="text-right whitespace-nowrap tabular-nums">
              <time dateTime={w.lastSeenAt.toISOString()} title={formatDateTime(w.lastSeenAt)} suppressHydrationWarning>
                {formatAgo(w.lastSeenAt)}
              </time>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
