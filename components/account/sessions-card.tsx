"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { QueryError } from "@/components/errors/query-error";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { formatAgo, formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";

/** The user's open sessions (device, IP, since, last active), each one can be signed out. */
export function SessionsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
  const onError = (e: unknown) => toast.error(safeErrorMessage(e, "Could not sign that session out."));
  const revoke = useMutation(trpc.account.revokeSession.mutationOptions({ onSuccess: () => (toast.success("Session signed out"), refresh()), onError }));
  const revokeOthers = useMutation(
    trpc.account.revokeOtherSessions.mutationOptions({
      onSuccess: ({ signedOut }) => (toast.success(`${signedOut} session${signedOut === 1 ? "" : "s"} signed out`), refresh()),
      onError,
    }),
  );
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Where you are signed in. Sign out a session you do not recognise, then change your password.</CardDescription>
        </div>
        <Button variant="secondary" size="sm" disabled={others === 0 || revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
          Sign out everywhere else
        </Button>
      </CardHeader>
      {sessions.error ? (
        <div className="p-5">
          <QueryError error={sessions.error} what="your sessions" onRetry={() => void sessions.refetch()} />
        </div>
      ) : !sessions.data ? (
        <Skeleton className="m-5 h-24" />
      ) : (
        <Table aria-label="Sessions">
          <thead>
            <tr>
              <Th>Device</Th>
              <Th>IP address</Th>
              <Th>Signed in</Th>
              <Th>Last active</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <Td>
                  <span className="font-medium text-slate-900">{s.device}</span>
                  {s.current ? (
                    <Badge tone="success" className="ml-2">
                      This device
                    </Badge>
                  ) : null}
                </Td>
                <Td className="font-mono text-xs">{s.ipAddress ?? "—"}</Td>
                <Td className="whitespace-nowrap">{formatDateTime(s.createdAt)}</Td>
                <Td className="whitespace-nowrap">{formatAgo(s.lastActiveAt)}</Td>
                <Td className="text-right">
                  {s.current ? null : (
                    <Button variant="ghost" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate({ sessionId: s.id })} aria-label={`Sign out ${s.device} (${s.ipAddress ?? "unknown IP"})`}>
                      Sign out
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
