import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

/**
 * The body of the error and not-found pages. It takes words, never an Error: an unexpected
 * error's text may hold internals, so only its digest (a log reference) is ever shown.
 */
export function ErrorView({
  icon: Icon,
  code,
  title,
  message,
  reference,
  actions,
}: {
  icon: LucideIcon;
  code?: string;
  title: string;
  message: string;
  reference?: string;
  actions: ReactNode;
}) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center px-4 py-16 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-slate-100 text-slate-500">
        <Icon aria-hidden className="size-5" />
      </span>
      {code ? <p className="mt-4 text-xs font-semibold tracking-wide text-slate-500 uppercase">{code}</p> : null}
      <h1 className="mt-2 text-lg font-semibold tracking-tight text-slate-900">{title}</h1>
      <p className="mt-1.5 text-sm text-slate-500">{message}</p>
      {reference ? (
        <p className="mt-3 text-xs text-slate-400">
          Reference: <code className="font-mono">{reference}</code>
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap justify-center gap-2">{actions}</div>
    </div>
  );
}
