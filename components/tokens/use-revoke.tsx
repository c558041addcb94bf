"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { TokenRow } from "./types";

/** Revoking a token, asked first: the dialog and the action, refreshing both token lists after. */
export function useRevokeToken({ showOwner = false }: { showOwner?: boolean } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<TokenRow | null>(null);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: (t) => {
        toast.success(`Token “${t.name}” revoked`);
        setTarget(null);
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.listAll.queryKey() });
      },
    }),
  );
  const dialog = (
    <ConfirmDialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : (setTarget(null), revoke.reset()))}
      title={`Revoke “${target?.name ?? ""}”?`}
      confirmLabel="Revoke token"
      tone="danger"
      pending={revoke.isPending}
      error={<MutationError error={revoke.error} title="Token not revoked" />}
      onConfirm={() => target && revoke.mutate({ tokenId: target.id })}
    >
      <p>
        Scripts using <span className="font-mono">{target?.prefix}…</span>
        {target && showOwner ? ` (${target.owner.email}’s)` : ""} get 401 from their next request. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
  return { ask: setTarget, pending: revoke.isPending, dialog };
}
