import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { WebhooksView } from "@/components/webhooks/webhooks-view";
import { getSessionActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Webhooks" };

/** Everyone's own webhooks; admins also see and add global ones. (The console layout has already required a session.) */
export default async function WebhooksPage() {
  const me = await getSessionActor(await headers());
  if (!me) return null;
  return (
    <>
      <PageHeader title="Webhooks" description="Hear about your batches' ends in another system: each event is POSTed, signed, and retried until it is taken." />
      <WebhooksView isAdmin={me.role === "admin"} />
    </>
  );
}
