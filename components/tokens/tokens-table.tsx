"use client";
import { formatAgo, formatDateTime } from "@/components/format/time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { SCOPE_LABELS } from "./scope-labels";
import type { TokenRow } from "./types";

const STATUS: Record<TokenRow["status"], { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "success" },
  expired: { label: "Expired", tone: "warning" },
  revoked: { label: "Revoked", tone: "neutral" },
};

/** Tokens with prefix, scopes, dates and last use; active ones can be revoked. `showOwner` for the admins' list of everyone's. */
export function TokensTable({ tokens, showOwner = false, pending, onRevoke }: { tokens: TokenRow[]; showOwner?: boolean; pending: boolean; onRevoke: (t: TokenRow) => void }) {
  return (
    <Table aria-label={showOwner ? "All API tokens" : "Your API tokens"}>
      <thead>
        <tr>
          <Th>Name</Th>
          {showOwner ? <Th>Owner</Th> : null}
          <Th>Scopes</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => {
          // A scope the owner's role no longer allows is shown struck through: the token has lost it.
          const lost = new Set(t.scopes.filter((s) => !t.effectiveScopes.includes(s)));
          return (
            <tr key={t.id} data-testid={`token-row-${t.name}`} className={t.status === "active" ? undefined : "text-slate-400"}>
              <Td>
                <div className="flex items-center gap-2">
                  <span className="font-medium text-slate-900">{t.name}</span>
                  {t.status === "active" ? null : (
                    <Badge tone={STATUS[t.status].tone} title={t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt)}` : undefined}>
                      {STATUS[t.status].label}
                    </Badge>
                  )}
                </div>
                <div className="font-mono text-xs text-slate-500">{t.prefix}…</div>
              </Td>
              {showOwner ? (
                <Td>
                  <div className="text-slate-900">{t.owner.name}</div>
                  <div className="text-xs text-slate-500">{t.owner.email}</div>
                </Td>
              ) : null}
              <Td>
                <div className="flex flex-wrap gap-1">
                  {t.scopes.map((s) => (
                    <Badge key={s} tone={s === "admin" ? "violet" : "info"} className={lost.has(s) ? "line-through opacity-60" : undefined} title={lost.has(s) ? "The owner's role no longer allows this scope" : SCOPE_LABELS[s].description}>
                      {s}
                    </Badge>
                  ))}
                </div>
              </Td>
              <Td className="whitespace-nowrap">{formatDateTime(t.createdAt)}</Td>
              <Td className="whitespace-nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : "Never"}</Td>
              <Td className="whitespace-nowrap">
                {t.lastUsedAt ? (
                  <>
                    <div>{formatAgo(t.lastUsedAt)}</div>
                    <div className="font-mono text-xs text-slate-500">{t.lastUsedIp ?? "—"}</div>
                  </>
                ) : (
                  "Never"
                )}
              </Td>
              <Td className="text-right">
                {t.status === "active" ? (
                  <Button variant="ghost" size="sm" disabled={pending} onClick={() => onRevoke(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </Button>
                ) : null}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
