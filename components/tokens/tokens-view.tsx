"use client";
import { useQuery } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { ApiScope } from "@/server/contracts/scopes";
import { CreateTokenForm } from "./create-token-form";
import { TokensTable } from "./tokens-table";
import { useRevokeToken } from "./use-revoke";

/** The user's own tokens: create one, see them all, revoke any. */
export function TokensView({ allowed }: { allowed: readonly ApiScope[] }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.tokens.list.queryOptions());
  const revoke = useRevokeToken();
  return (
    <div className="space-y-6">
      <CreateTokenForm allowed={allowed} />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Your tokens</CardTitle>
            <CardDescription>Revoked and expired tokens stay listed so the audit log can name them.</CardDescription>
          </div>
        </CardHeader>
        {list.error ? (
          <div className="p-5">
            <QueryError error={list.error} what="your tokens" onRetry={() => void list.refetch()} />
          </div>
        ) : !list.data ? (
          <Skeleton className="m-5 h-24" />
        ) : list.data.length === 0 ? (
          <div className="p-5">
            <EmptyState icon={KeyRound} title="No tokens yet" description="Create one above for a script to call Batchdesk with." />
          </div>
        ) : (
          <TokensTable tokens={list.data} pending={revoke.pending} onRevoke={revoke.ask} />
        )}
      </Card>
      {revoke.dialog}
    </div>
  );
}
