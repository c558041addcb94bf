import type { Role } from "@/server/auth/roles";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<Role, BadgeTone> = { admin: "violet", operator: "info", viewer: "neutral" };

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge tone={TONE[role]} data-testid="role-badge">
      {role}
    </Badge>
  );
}
