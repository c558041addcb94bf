import { CircleExclamationPoint, Info, TriangleExclamationPoint } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

const TONES = {
  info: { box: "border-slate-200 bg-slate-50 text-slate-700", icon: Info },
  warning: { box: "border-amber-200 bg-amber-50 text-amber-900", icon: TriangleExclamationPoint },
  danger: { box: "border-red-200 bg-red-50 text-red-800", icon: CircleExclamationPoint },
} as const;

/** A message box; danger alerts are announced to screen readers as they appear. */
export function Alert({
  tone = "info",
  title,
  children,
  className,
}: {
  tone?: keyof typeof TONES;
  title?: string;
  children?: ReactNode;
  className?: string;
}) {
  const { box, icon: Icon } = TONES[tone];
  return (
    <div role={tone === "danger" ? "alert" : "status"} className={cn("flex gap-2.5 rounded-md border px-3.5 py-3 text-sm", box, className)}>
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={cn(title && "mt-0.5")}>{children}</div> : null}
      </div>
    </div>
  );
}
