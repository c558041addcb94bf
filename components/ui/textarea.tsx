import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      className={cn(
        "block min-h-20 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs",
        "placeholder:text-slate-400 focus:border-slate-500 focus:outline-2 focus:outline-offset-0 focus:outline-slate-900/15",
        "disabled:cursor-not-allowed disabled:bg-slate-50 aria-invalid:border-red-500",
        className,
      )}
      {...props}
    />
  );
}
