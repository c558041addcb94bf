import { cn } from "./cn";

const TONES = { neutral: "bg-slate-900", success: "bg-emerald-500", warning: "bg-amber-500", danger: "bg-red-500", muted: "bg-slate-400" } as const;

/** A labelled progressbar; `value` is a percentage (0–100). */
export function ProgressBar({
  value,
  label,
  tone = "neutral",
  size = "md",
  className,
}: {
  value: number;
  label: string;
  tone?: keyof typeof TONES;
  size?: "sm" | "md";
  className?: string;
}) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct * 10) / 10}
      className={cn("w-full overflow-hidden rounded-full bg-slate-100", size === "sm" ? "h-1.5" : "h-2.5", className)}
    >
      <div className={cn("h-full rounded-full transition-[width] duration-500", TONES[tone])} style={{ width: `${pct}%` }} />
    </div>
  );
}
