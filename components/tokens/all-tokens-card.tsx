"use client";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { TokensTable } from "./tokens-table";
import { useRevokeToken } from "./use-revoke";

/** Every user's API tokens, for admins on the Users page: any of them can be revoked. */
export function AllTokensCard() {
  const trpc = useTRPC();
  const list = useQuery(trpc.tokens.listAll.queryOptions());
  const revoke = useRevokeToken({ showOwner: true });
  return (
    <Card className="mt-6">
      <CardHeader>
        <div>
          <CardTitle>API tokens</CardTitle>
          <CardDescription>Every user&apos;s tokens. Disabling a user stops their tokens too; revoking one stops it for good.</CardDescription>
        </div>
      </CardHeader>
      {list.error ? (
        <div className="p-5">
          <QueryError error={list.error} what="the tokens" onRetry={() => void list.refetch()} />
        </div>
      ) : !list.data ? (
        <Skeleton className="m-5 h-24" />
      ) : list.data.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">No user has created an API token yet.</p>
      ) : (
        <TokensTable tokens={list.data} showOwner pending={revoke.pending} onRevoke={revoke.ask} />
      )}
      {revoke.dialog}
    </Card>
  );
}
