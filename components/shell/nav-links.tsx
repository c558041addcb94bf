"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { Role } from "@/server/auth/roles";
import { navItemsFor } from "./nav-items";

/** Main navigation; a section stays highlighted on its sub-pages (/resources/letters). */
export function NavLinks({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap gap-1 md:flex-col md:flex-nowrap">
      {navItemsFor(role).map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <li key={href} className="shrink-0">
            <Link
              href={href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition-colors",
                "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-slate-900",
                active
                  ? "bg-slate-100 font-medium text-slate-900"
                  : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
              )}
            >
              <Icon aria-hidden className={cn("size-4", active ? "text-slate-900" : "text-slate-400")} />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
