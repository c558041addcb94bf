import { KeyRound, UserRound } from "lucide-react";
import Link from "next/link";
import { RoleBadge } from "@/components/auth/role-badge";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Button } from "@/components/ui/button";
import type { ActingUser } from "@/server/auth/actor";

function initials(name: string, email: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 0 ? parts.slice(0, 2).map((p) => p[0]) : [email[0]];
  return letters.join("").toUpperCase();
}

/** Who is signed in, with which role, the way to their account page and API tokens, and the way out. */
export function UserPanel({ user }: { user: ActingUser }) {
  return (
    <div className="flex items-center gap-3 md:flex-col md:items-stretch md:gap-2">
      <div className="flex min-w-0 flex-1 items-center gap-2.5" data-testid="current-user">
        <span
          aria-hidden
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700"
        >
          {initials(user.name, user.email)}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <span className="truncate text-sm font-medium text-slate-900">{user.name || user.email}</span>
            <RoleBadge role={user.role} />
          </div>
          <p className="truncate text-xs text-slate-500" title={user.email}>
            {user.email}
          </p>
        </div>
      </div>
      <div className="flex items-center gap-1 md:flex-col md:items-stretch">
        <Button asChild variant="ghost" size="sm" className="md:w-full md:justify-start">
          <Link href="/account">
            <UserRound aria-hidden />
            Account
          </Link>
        </Button>
        <Button asChild variant="ghost" size="sm" className="md:w-full md:justify-start">
          <Link href="/settings/tokens">
            <KeyRound aria-hidden />
            API tokens
          </Link>
        </Button>
        <SignOutButton className="md:w-full md:justify-start" />
      </div>
    </div>
  );
}
