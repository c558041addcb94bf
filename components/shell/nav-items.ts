import { Download, LayoutDashboard, Layers, Database, ScrollText, type LucideIcon } from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon };

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/resources", label: "Resources", icon: Database },
  { href: "/batches", label: "Batches", icon: Layers },
  { href: "/exports", label: "Exports", icon: Download },
  { href: "/audit", label: "Audit", icon: ScrollText },
];
