import type { Metadata } from "next";
import { headers } from "next/headers";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { NotificationPreferencesCard } from "@/components/account/notification-preferences-card";
import { SessionsCard } from "@/components/account/sessions-card";
import { RoleBadge } from "@/components/auth/role-badge";
import { PageHeader } from "@/components/ui/page-header";
import { getSessionActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Account" };

/** Everyone's own account: password, sessions and which notifications come by e-mail. (The console layout has already required a session.) */
export default async function AccountPage() {
  const me = await getSessionActor(await headers());
  if (!me) return null;
  return (
    <>
      <PageHeader
        title="Your account"
        description={
          <span className="inline-flex items-center gap-2">
            {me.name} · {me.email} <RoleBadge role={me.role} />
          </span>
        }
      />
      <div className="space-y-6">
        <ChangePasswordForm email={me.email} name={me.name} />
        <SessionsCard />
        <NotificationPreferencesCard />
      </div>
    </>
  );
}
