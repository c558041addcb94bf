"use client";
import { useEffect, useRef, type ComponentProps } from "react";
import { cn } from "./cn";

/** A native checkbox (shift-click and keyboard work as usual) that can also show "some selected". */
export function Checkbox({ indeterminate = false, className, ...props }: Omit<ComponentProps<"input">, "type"> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded border-slate-300 accent-slate-900",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900 disabled:cursor-not-allowed",
        className,
      )}
      {...props}
    />
  );
}
