"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { safeErrorMessage } from "@/components/errors/safe-error-message";
import { formatAgo, formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PopoverContent, PopoverRoot, PopoverTrigger } from "@/components/ui/popover";
import { Skeleton } from "@/components/ui/skeleton";

/** How often the bell asks for news; TanStack Query pauses it while the tab is hidden. */
const POLL_MS = 12_000;

const countLabel = (n: number) => (n > 99 ? "99+" : String(n));

/** The bell in the console's header: unread count, the newest notifications, mark one or all read. */
export function NotificationsMenu() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: POLL_MS });
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 20 }), enabled: open, refetchInterval: open ? POLL_MS : false });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
  };
  const onError = (e: unknown) => toast.error(safeErrorMessage(e, "Could not mark that read."));
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh, onError }));
  const markAllRead = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh, onError }));
  // The list's own count is fresher while it is open.
  const count = (open ? list.data?.unread : undefined) ?? unread.data?.count ?? 0;

  return (
    <PopoverRoot open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="sm" className="relative size-8 px-0" aria-label={count ? `Notifications, ${count} unread` : "Notifications, none unread"}>
          <Bell aria-hidden />
          {count > 0 ? (
            <span
              aria-hidden
              data-testid="unread-count"
              className="absolute -top-1 -right-1 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] leading-none font-semibold text-white"
            >
              {countLabel(count)}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent label="Notifications" align="start" className="w-[min(24rem,calc(100vw-2rem))] p-0!">
        <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2">
          <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
          <Button variant="ghost" size="sm" disabled={count === 0 || markAllRead.isPending} onClick={() => markAllRead.mutate()}>
            <CheckCheck aria-hidden />
            Mark all read
          </Button>
        </div>
        {list.error ? (
          <p className="px-3 py-4 text-sm text-red-700">{safeErrorMessage(list.error, "Could not load your notifications.")}</p>
        ) : !list.data ? (
          <div className="space-y-2 p-3">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : list.data.items.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-slate-500">Nothing yet. You hear here when your batches end.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Newest first">
            {list.data.items.map((n) => {
              const isUnread = n.readAt === null;
              const content = (
                <>
                  <span aria-hidden className={cn("mt-1.5 size-2 shrink-0 rounded-full", isUnread ? "bg-sky-600" : "bg-transparent")} />
                  <span className="min-w-0 flex-1">
                    <span className={cn("block text-sm", isUnread ? "font-semibold text-slate-900" : "text-slate-700")}>
                      {n.title}
                      {isUnread ? <span className="sr-only"> (unread)</span> : null}
                    </span>
                    {n.body ? <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600">{n.body}</span> : null}
                    <time dateTime={n.createdAt.toISOString()} title={formatDateTime(n.createdAt)} className="mt-0.5 block text-xs text-slate-500" suppressHydrationWarning>
                      {formatAgo(n.createdAt)}
                    </time>
                  </span>
                </>
              );
              const row = "flex w-full gap-2.5 px-3 py-2.5 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none";
              const read = () => {
                if (isUnread) markRead.mutate({ notificationId: n.id });
                setOpen(false);
              };
              return (
                <li key={n.id} data-testid="notification">
                  {n.link ? (
                    <Link href={n.link} className={row} onClick={read}>
                      {content}
                    </Link>
                  ) : (
                    <button type="button" className={row} onClick={read}>
                      {content}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </PopoverContent>
    </PopoverRoot>
  );
}
