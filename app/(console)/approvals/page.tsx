import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApprovalsView } from "@/components/approvals/approvals-view";
import { PageHeader } from "@/components/ui/page-header";
import { getSessionActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Approvals" };

/** Requests for approval to decide or made, and the rules behind them (admins edit them). (The console layout has already required a session.) */
export default async function ApprovalsPage() {
  const me = await getSessionActor(await headers());
  if (!me) return null;
  return (
    <>
      <PageHeader title="Approvals" description="Batches that match an approval rule wait here for someone other than their requester, who could run them too, to approve or reject them." />
      <ApprovalsView isAdmin={me.role === "admin"} />
    </>
  );
}
