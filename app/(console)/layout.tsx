import { headers } from "next/headers";
import type { ReactNode } from "react";
import { RedirectToSignIn } from "@/components/auth/redirect-to-sign-in";
import { BatchLayer } from "@/components/batches/batch-layer";
import { AppShell } from "@/components/shell/app-shell";
import { getSessionActor } from "@/server/auth/session";

/** Every console page needs a session; without one nothing of the console is rendered. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionActor(await headers());
  if (!user) return <RedirectToSignIn />;
  return (
    <AppShell user={user}>
      <BatchLayer>{children}</BatchLayer>
    </AppShell>
  );
}
