import type { Metadata } from "next";
import { headers } from "next/headers";
import { TokensView } from "@/components/tokens/tokens-view";
import { PageHeader } from "@/components/ui/page-header";
import { scopesForRole } from "@/server/auth/policy";
import { getSessionActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "API tokens" };

/** Everyone's own API tokens, for scripts. (The console layout has already required a session.) */
export default async function TokensPage() {
  const me = await getSessionActor(await headers());
  if (!me) return null;
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Scripts call Batchdesk with <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">Authorization: Bearer bd_…</code>. A token acts as you, within its scopes.
          </>
        }
      />
      <TokensView allowed={scopesForRole(me.role)} />
    </>
  );
}
