import Link from "next/link";
import type { ReactNode } from "react";
import type { ActingUser } from "@/server/auth/actor";
import { Brand } from "./brand";
import { NavLinks } from "./nav-links";
import { NotificationsMenu } from "./notifications-menu";
import { UserPanel } from "./user-panel";

/** Sidebar console frame; below `md` the sidebar folds into a header above the page. */
export function AppShell({ user, children }: { user: ActingUser; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow focus:outline-2 focus:outline-slate-900"
      >
        Skip to content
      </a>
      <aside className="flex flex-col gap-3 border-b border-slate-200 bg-white px-4 py-3 md:fixed md:inset-y-0 md:left-0 md:w-60 md:gap-0 md:border-r md:border-b-0 md:p-0">
        <div className="flex items-center justify-between gap-2 md:h-14 md:border-b md:border-slate-200 md:px-4">
          <Link href="/dashboard" className="inline-flex rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900">
            <Brand />
          </Link>
          <NotificationsMenu />
        </div>
        <nav aria-label="Main" className="md:flex-1 md:overflow-y-auto md:px-3 md:py-4">
          <NavLinks role={user.role} />
        </nav>
        <div className="border-t border-slate-200 pt-3 md:p-3">
          <UserPanel user={user} />
        </div>
      </aside>
      <main id="main" tabIndex={-1} className="focus:outline-none md:pl-60">
        {/* Data-heavy pages mark themselves data-wide to use the full width. */}
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 md:py-8 lg:px-8 has-[[data-wide]]:max-w-[1800px]">{children}</div>
      </main>
    </div>
  );
}
