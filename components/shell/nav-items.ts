import { BookOpen, CalendarClock, Download, FileStack, LayoutDashboard, Layers, Database, ScrollText, ShieldCheck, Users, Webhook, type LucideIcon } from "lucide-react";

import type { Role } from "@/server/auth/roles";

/** `adminOnly`: the page refuses other roles, so they are not offered the link. */
export type NavItem = { href: string; label: string; icon: LucideIcon; adminOnly?: boolean };

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/resources", label: "Resources", icon: Database },
  { href: "/batches", label: "Batches", icon: Layers },
  { href: "/approvals", label: "Approvals", icon: ShieldCheck },
  { href: "/templates", label: "Templates", icon: FileStack },
  { href: "/schedules", label: "Schedules", icon: CalendarClock },
  { href: "/exports", label: "Exports", icon: Download },
  { href: "/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/api-reference", label: "API", icon: BookOpen },
  { href: "/audit", label: "Audit", icon: ScrollText, adminOnly: true },
  { href: "/users", label: "Users", icon: Users, adminOnly: true },
];

/** The sections `role` may open. */
export const navItemsFor = (role: Role) => NAV_ITEMS.filter((item) => !item.adminOnly || role === "admin");
