"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontal, Plus, Users } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { RoleBadge } from "@/components/auth/role-badge";
import { MutationError } from "@/components/errors/mutation-error";
import { QueryError } from "@/components/errors/query-error";
import { errorCode, safeErrorMessage } from "@/components/errors/safe-error-message";
import { formatAgo, formatDateTime } from "@/components/format/time";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { MenuContent, MenuItem, MenuRoot, MenuSeparator, MenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { ROLES } from "@/server/auth/roles";
import { CreateUserDialog } from "./create-user-dialog";
import { LinkDialog } from "./link-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";
import type { PasswordLink, UserRow } from "./types";

const STATUS = {
  active: { tone: "success", label: "Active" },
  invited: { tone: "info", label: "Invited" },
  disabled: { tone: "danger", label: "Disabled" },
} as const;

type Confirm = { kind: "disable" | "enable" | "delete"; user: UserRow };

/** The users page (admins): every account, its role and status, and what an admin can do to it. */
export function UsersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.users.list.queryOptions());
  const me = useQuery(trpc.me.get.queryOptions());
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<{ link: PasswordLink; email: string } | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const done = (message: string) => () => {
    toast.success(message);
    setConfirm(null);
    refresh();
  };

  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(safeErrorMessage(e, "Could not change the role.")) }));
  const disable = useMutation(trpc.users.disable.mutationOptions({ onSuccess: done("Account disabled; its sessions have ended") }));
  const enable = useMutation(trpc.users.enable.mutationOptions({ onSuccess: done("Account enabled") }));
  const remove = useMutation(trpc.users.delete.mutationOptions({ onSuccess: done("User deleted") }));
  const action = confirm ? { disable, enable, delete: remove }[confirm.kind] : null;

  const header = (
    <PageHeader
      title="Users"
      description="Who may sign in, with which role. Only admins see this page."
      actions={
        <Button onClick={() => setCreating(true)}>
          <Plus aria-hidden />
          New user
        </Button>
      }
    />
  );
  if (list.error && errorCode(list.error) === "FORBIDDEN") return <Alert tone="warning" title="Only admins manage users" />;
  if (list.error) return (<>{header}<QueryError error={list.error} what="the users" onRetry={() => void list.refetch()} /></>);

  return (
    <>
      {header}
      {!list.data ? (
        <Skeleton className="h-64" />
      ) : list.data.length === 0 ? (
        <EmptyState icon={Users} title="No users" description="Create the first one." />
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white">
          <Table aria-label="Users">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th>Last sign-in</Th>
                <Th>Last active</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((u) => {
                const self = u.id === me.data?.id;
                return (
                  <tr key={u.id} data-testid={`user-row-${u.email}`}>
                    <Td>
                      <div className="font-medium text-slate-900">
                        {u.name}
                        {self ? <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span> : null}
                      </div>
                      <div className="text-xs text-slate-500">{u.email}</div>
                    </Td>
                    <Td>
                      {self ? (
                        <RoleBadge role={u.role} />
                      ) : (
                        <>
                          <label htmlFor={`role-${u.id}`} className="sr-only">
                            Role of {u.email}
                          </label>
                          <Select
                            id={`role-${u.id}`}
                            size="sm"
                            value={u.role}
                            disabled={setRole.isPending}
                            onChange={(e) => {
                              const role = ROLES.find((r) => r === e.target.value);
                              if (role) setRole.mutate({ userId: u.id, role });
                            }}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </Select>
                        </>
                      )}
                    </Td>
                    <Td>
                      <Badge tone={STATUS[u.status].tone} title={u.disabledReason ?? undefined}>
                        {STATUS[u.status].label}
                      </Badge>
                    </Td>
                    <Td className="whitespace-nowrap">{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : <span className="text-slate-400">never</span>}</Td>
                    <Td className="whitespace-nowrap">
                      {u.lastActiveAt ? formatAgo(u.lastActiveAt) : <span className="text-slate-400">—</span>}
                      {u.openSessions > 0 ? <span className="ml-1.5 text-xs text-slate-500">· {u.openSessions} session{u.openSessions === 1 ? "" : "s"}</span> : null}
                    </Td>
                    <Td className="text-right">
                      <MenuRoot>
                        <MenuTrigger asChild>
                          <Button variant="ghost" size="sm" aria-label={`Actions for ${u.email}`}>
                            <MoreHorizontal aria-hidden />
                          </Button>
                        </MenuTrigger>
                        <MenuContent>
                          <MenuItem disabled={self} onSelect={() => setResetting(u)}>
                            Reset password…
                          </MenuItem>
                          {u.status === "disabled" ? (
                            <MenuItem onSelect={() => setConfirm({ kind: "enable", user: u })}>Enable…</MenuItem>
                          ) : (
                            <MenuItem disabled={self} onSelect={() => setConfirm({ kind: "disable", user: u })}>
                              Disable…
                            </MenuItem>
                          )}
                          <MenuSeparator />
                          <MenuItem danger disabled={self} onSelect={() => setConfirm({ kind: "delete", user: u })}>
                            Delete…
                          </MenuItem>
                        </MenuContent>
                      </MenuRoot>
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      )}
      <CreateUserDialog open={creating} onOpenChange={setCreating} onLink={(l, email) => setLink({ link: l, email })} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} onLink={(l, email) => setLink({ link: l, email })} />
      <LinkDialog link={link?.link ?? null} email={link?.email ?? ""} onClose={() => setLink(null)} />
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(o) => {
          if (!o) {
            action?.reset();
            setConfirm(null);
          }
        }}
        title={confirm ? `${{ disable: "Disable", enable: "Enable", delete: "Delete" }[confirm.kind]} ${confirm.user.email}?` : ""}
        confirmLabel={confirm ? { disable: "Disable account", enable: "Enable account", delete: "Delete user" }[confirm.kind] : ""}
        tone={confirm?.kind === "enable" ? "primary" : "danger"}
        pending={action?.isPending}
        error={action?.error ? <MutationError error={action.error} title="Not done" /> : null}
        onConfirm={() => confirm && action?.mutate({ userId: confirm.user.id })}
      >
        {confirm?.kind === "disable" ? <p>They are signed out everywhere at once and cannot sign in until an admin enables the account. Their records and batches stay.</p> : null}
        {confirm?.kind === "enable" ? <p>They can sign in again with their password.</p> : null}
        {confirm?.kind === "delete" ? <p>The account is removed for good. Only users who own no records or batches can be deleted; disable the others.</p> : null}
      </ConfirmDialog>
    </>
  );
}
