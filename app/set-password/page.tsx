import type { Metadata } from "next";
import Link from "next/link";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { Brand } from "@/components/shell/brand";
import { Alert } from "@/components/ui/alert";
import { linkOwner } from "@/server/users/password-links";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

/** Where a set-password link (an invite or a reset an admin handed over) leads; no session needed. */
export default async function SetPasswordPage({ searchParams }: Props) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" && raw.length <= 200 ? raw : null;
  const owner = token ? await linkOwner(token) : null;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-lg font-semibold tracking-tight text-slate-900">Set your password</h1>
          {token && owner ? (
            <>
              <p className="mt-1 mb-6 text-sm text-slate-500">
                For {owner.name} ({owner.email}). The link works once.
              </p>
              <SetPasswordForm token={token} email={owner.email} name={owner.name} />
            </>
          ) : (
            <div className="mt-4 space-y-4">
              <Alert tone="warning" title="This link is invalid or has expired">
                Links work once and for a limited time. Ask an administrator for a new one.
              </Alert>
              <Link href="/sign-in" className="text-sm font-medium text-slate-900 underline underline-offset-2">
                Go to sign-in
              </Link>
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
