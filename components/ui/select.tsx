import { ChevronDown } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A native select styled like Input: keyboard, screen readers and mobile pickers work as users expect. */
export function Select({ className, size = "md", ...props }: Omit<ComponentProps<"select">, "size"> & { size?: "sm" | "md" }) {
  return (
    <span className={cn("relative inline-flex", className)}>
      <select
        className={cn(
          "block w-full appearance-none rounded-md border border-slate-300 bg-white pr-8 pl-3 text-sm text-slate-900 shadow-xs",
          "focus:border-slate-500 focus:outline-2 focus:outline-offset-0 focus:outline-slate-900/15",
          "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:border-red-500",
          size === "sm" ? "h-8" : "h-9",
        )}
        {...props}
      />
      <ChevronDown aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-slate-400" />
    </span>
  );
}
