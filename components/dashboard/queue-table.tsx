import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatCount } from "@/components/format/count";
import type { QueueRow } from "./types";

export function QueueTable({ queues }: { queues: QueueRow[] }) {
  if (queues.length === 0) {
    return <p className="px-5 py-6 text-sm text-slate-500">No job queues are registered yet.</p>;
  }
  return (
    <Table>
      <caption className="sr-only">Jobs per queue</caption>
      <thead>
        <tr>
          <Th>Queue</Th>
          <Th className="text-right">Queued</Th>
          <Th className="text-right">Active</Th>
          <Th className="text-right">Failed</Th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.name} className="last:[&>td]:border-b-0">
            <Td className="font-mono text-xs text-slate-900">{q.name}</Td>
            <Td className="text-right tabular-nums">{formatCount(q.queued)}</Td>
            <Td className="text-right tabular-nums">{formatCount(q.active)}</Td>
            <Td className="text-right tabular-nums">
              {q.failed > 0 ? <Badge tone="danger">{formatCount(q.failed)}</Badge> : <span className="text-slate-400">0</span>}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
