import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";

/** The centred card of the pages reached without a session (sign-in, set-password). */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-lg font-semibold tracking-tight text-slate-900">{title}</h1>
          {children}
        </div>
      </div>
    </main>
  );
}
