"use client";
import { X } from "lucide-react";
import { Dialog as D } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";

export const DialogRoot = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

/**
 * A modal dialog (or, with `side`, a drawer from the right). Radix traps focus, closes on Escape and
 * labels the dialog with its title and description.
 */
export function DialogContent({
  title,
  description,
  children,
  footer,
  side = false,
  className,
  onOpenAutoFocus,
}: {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  side?: boolean;
  className?: string;
  onOpenAutoFocus?: (e: Event) => void;
}) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
      <D.Content
        onOpenAutoFocus={onOpenAutoFocus}
        {...(description ? {} : { "aria-describedby": undefined })}
        className={cn(
          "fixed z-50 flex flex-col bg-white shadow-xl focus:outline-none",
          side
            ? "inset-y-0 right-0 w-full max-w-xl border-l border-slate-200"
            : "top-1/2 left-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 rounded-lg border border-slate-200",
          className,
        )}
      >
        <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
          <div className="min-w-0">
            <D.Title className="text-base font-semibold text-slate-900">{title}</D.Title>
            {description ? <D.Description className="mt-1 text-sm text-slate-500">{description}</D.Description> : null}
          </div>
          <D.Close className="-m-1 rounded-md p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-900">
            <X aria-hidden className="size-4" />
            <span className="sr-only">Close</span>
          </D.Close>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
        {footer ? <div className="flex flex-wrap items-center justify-end gap-2 border-t border-slate-200 bg-slate-50/60 px-5 py-3">{footer}</div> : null}
      </D.Content>
    </D.Portal>
  );
}
