"use client";
import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/components/format/count";
import type { Sample } from "./progress-hub";

/** Rows per second between successive progress events, as they arrive. */
export function ThroughputChart({ samples, finished }: { samples: Sample[]; finished: boolean }) {
  const start = samples[0]?.at ?? 0;
  const data = samples.map((s) => ({ t: Math.round((s.at - start) / 100) / 10, rps: s.rowsPerSecond }));
  const peak = Math.max(0, ...data.map((d) => d.rps));
  return (
    <figure className="h-full">
      <figcaption className="sr-only">
        Throughput over time{peak ? `, peaking at ${formatCount(peak)} rows per second` : ""}.
      </figcaption>
      {data.length < 2 ? (
        <div className="flex h-full items-center justify-center rounded-md border border-dashed border-slate-200 px-4 text-center text-xs text-slate-400">
          {finished ? "Throughput is charted while a batch runs and this page is open." : "Throughput appears once rows are processed."}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
            <defs>
              <linearGradient id="rps-fill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="#0f172a" stopOpacity={0.18} />
                <stop offset="100%" stopColor="#0f172a" stopOpacity={0} />
              </linearGradient>
            </defs>
            <XAxis dataKey="t" tickFormatter={(t: number) => `${Number.isInteger(t) ? t : t.toFixed(1)} s`} tick={{ fontSize: 11, fill: "#64748b" }} axisLine={false} tickLine={false} minTickGap={24} />
            <YAxis width={48} tickFormatter={(v: number) => formatCount(v)} tick={{ fontSize: 11, fill: "#64748b" }} axisLine={false} tickLine={false} />
            <Tooltip
              formatter={(v) => [`${formatCount(Number(v))} rows/s`, "Throughput"]}
              labelFormatter={(t) => `${t} s`}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#e2e8f0" }}
            />
            <Area type="monotone" dataKey="rps" stroke="#0f172a" strokeWidth={1.5} fill="url(#rps-fill)" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
