"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Spinner } from "./spinner";

/**
 * A dialog footer's Cancel + main action. The main action shows a spinner while its request runs and
 * cannot be pressed twice; with `form` it submits that form, so Enter in a field does the same.
 */
export function DialogActions({
  onCancel,
  children,
  pending = false,
  pendingLabel,
  disabled = false,
  tone = "primary",
  form,
  onAction,
}: {
  onCancel: () => void;
  children: ReactNode;
  pending?: boolean;
  pendingLabel?: string;
  disabled?: boolean;
  tone?: "primary" | "danger";
  form?: string;
  onAction?: () => void;
}) {
  return (
    <>
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type={form ? "submit" : "button"} form={form} variant={tone} onClick={onAction} disabled={disabled || pending}>
        {pending ? <Spinner /> : null}
        {pending && pendingLabel ? pendingLabel : children}
      </Button>
    </>
  );
}
