import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/components/auth/safe-next";
import { Brand } from "@/components/shell/brand";
import { getSessionActor } from "@/server/auth/session";
import { usableDemoAccounts } from "@/server/seed/demo-mode";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

// A server page around the client form: a signed-in visitor is sent on before any form renders.
export default async function SignInPage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  if (await getSessionActor(await headers())) redirect(next);

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-lg font-semibold tracking-tight text-slate-900">Sign in to your console</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">Use the account your administrator created for you.</p>
          <SignInForm next={next} demoAccounts={await usableDemoAccounts()} />
        </div>
      </div>
    </main>
  );
}
