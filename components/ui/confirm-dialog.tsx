"use client";
import { useId, useState, type ReactNode } from "react";
import { DialogContent, DialogRoot } from "./dialog";
import { DialogActions } from "./dialog-actions";
import { Input } from "./input";

/**
 * Asks before an action. With `typeToConfirm`, the confirm button stays disabled until the user has
 * typed that text (for actions that cannot be undone).
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  tone = "primary",
  pending = false,
  typeToConfirm,
  error,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  pending?: boolean;
  typeToConfirm?: { text: string; label: string };
  error?: ReactNode;
  onConfirm: () => void;
}) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const ready = !typeToConfirm || typed.trim() === typeToConfirm.text;
  return (
    <DialogRoot
      open={open}
      onOpenChange={(o) => {
        if (!o) setTyped("");
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={title}
        footer={
          <DialogActions onCancel={() => onOpenChange(false)} form={id} tone={tone} pending={pending} disabled={!ready}>
            {confirmLabel}
          </DialogActions>
        }
      >
        <form
          id={id}
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && !pending) onConfirm();
          }}
          className="space-y-4 text-sm text-slate-600"
        >
          <div className="space-y-2">{children}</div>
          {typeToConfirm ? (
            <div>
              <label htmlFor={`${id}-typed`} className="block text-sm font-medium text-slate-700">
                {typeToConfirm.label}
              </label>
              <Input id={`${id}-typed`} className="mt-1.5" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </div>
          ) : null}
          {error}
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
