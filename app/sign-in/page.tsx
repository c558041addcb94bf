import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/components/auth/safe-next";
import { getSessionActor } from "@/server/auth/session";
import { usableDemoAccounts } from "@/server/seed/demo-mode";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

// A server page around the client form: a signed-in visitor is sent on before any form renders.
export default async function SignInPage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  if (await getSessionActor(await headers())) redirect(next);

  return (
    <AuthCard title="Sign in to your console">
      <p className="mt-1 mb-6 text-sm text-slate-500">Use the account your administrator created for you.</p>
      <SignInForm next={next} demoAccounts={await usableDemoAccounts()} />
    </AuthCard>
  );
}
