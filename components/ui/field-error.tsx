import { CircleExclamationPoint } from "lucide-react";

/** An inline validation message; give it the id the input's aria-describedby points at. */
export function FieldError({ id, children }: { id: string; children?: string | null }) {
  if (!children) return null;
  return (
    <p id={id} className="mt-1.5 flex items-center gap-1.5 text-sm text-red-700">
      <CircleExclamationPoint aria-hidden className="size-3.5 shrink-0" />
      {children}
    </p>
  );
}
