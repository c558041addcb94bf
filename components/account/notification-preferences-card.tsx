"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { QueryError } from "@/components/errors/query-error";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { NOTIFICATION_KIND_LABEL, NOTIFICATION_KINDS, type NotificationKind } from "@/server/contracts/notifications";

/** Which notifications also come by e-mail; every one shows under the bell. */
export function NotificationPreferencesCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.account.notificationPreferences.queryOptions());
  const [chosen, setChosen] = useState<Set<NotificationKind> | null>(null);
  const save = useMutation(
    trpc.account.setNotificationPreferences.mutationOptions({
      onSuccess: (data) => {
        toast.success("E-mail choices saved");
        queryClient.setQueryData(trpc.account.notificationPreferences.queryKey(), data);
        setChosen(null);
      },
    }),
  );
  const current = chosen ?? new Set(prefs.data?.emailKinds ?? []);
  const toggle = (k: NotificationKind, on: boolean) => {
    const next = new Set(current);
    if (on) next.add(k);
    else next.delete(k);
    setChosen(next);
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ emailKinds: NOTIFICATION_KINDS.filter((k) => current.has(k)) });
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Notifications by e-mail</CardTitle>
          <CardDescription>Everything shows under the bell in the console; pick what also comes to your e-mail address.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {prefs.error ? (
          <QueryError error={prefs.error} what="your e-mail choices" onRetry={() => void prefs.refetch()} />
        ) : !prefs.data ? (
          <Skeleton className="h-40" />
        ) : (
          <form onSubmit={submit} className="space-y-4">
            {prefs.data.emailEnabled ? null : <Alert tone="info">This installation sends no e-mail (no SMTP_URL is set); your choices apply once it does.</Alert>}
            <fieldset>
              <legend className="sr-only">Send these by e-mail</legend>
              <ul className="space-y-2">
                {NOTIFICATION_KINDS.map((k) => (
                  <li key={k}>
                    <label className="flex items-center gap-2.5 text-sm text-slate-700">
                      <Checkbox name={k} checked={current.has(k)} onChange={(e) => toggle(k, e.target.checked)} />
                      {NOTIFICATION_KIND_LABEL[k]}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <MutationError error={save.error} title="Your e-mail choices were not saved" />
            <Button type="submit" disabled={chosen === null || save.isPending}>
              Save e-mail choices
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
