"use client";
import { Popover as P } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";

export const PopoverRoot = P.Root;
export const PopoverTrigger = P.Trigger;
export const PopoverClose = P.Close;

/** A floating panel anchored to its trigger; focus moves in and returns to the trigger on close. */
export function PopoverContent({
  children,
  className,
  align = "start",
  label,
}: {
  children: ReactNode;
  className?: string;
  align?: "start" | "center" | "end";
  label: string;
}) {
  return (
    <P.Portal>
      <P.Content
        aria-label={label}
        align={align}
        sideOffset={6}
        collisionPadding={12}
        className={cn("z-50 max-h-[min(32rem,var(--radix-popover-content-available-height))] overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 shadow-lg focus:outline-none", className)}
      >
        {children}
      </P.Content>
    </P.Portal>
  );
}
