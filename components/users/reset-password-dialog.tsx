"use client";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { NewPasswordField } from "@/components/auth/password-field";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { DialogActions } from "@/components/ui/dialog-actions";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { fieldErrors } from "./field-errors";
import type { PasswordLink, UserRow } from "./types";

/** Reset another user's password: a temporary one now, or a one-time link for them to choose one. */
export function ResetPasswordDialog({ user, onClose, onLink }: { user: UserRow | null; onClose: () => void; onLink: (link: PasswordLink, email: string) => void }) {
  const trpc = useTRPC();
  const formId = useId();
  const [kind, setKind] = useState<"link" | "password">("link");
  const [password, setPassword] = useState("");
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: ({ link }) => {
        const email = user?.email ?? "";
        close();
        if (link) onLink(link, email);
        else toast.success(`New password set for ${email}; their sessions have ended`);
      },
    }),
  );
  const errors = fieldErrors(reset.error);

  function close() {
    setPassword("");
    setKind("link");
    reset.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) return;
    reset.mutate({ userId: user.id, access: kind === "password" ? { kind: "password", password } : { kind: "link" } });
  }

  return (
    <DialogRoot open={user !== null} onOpenChange={(o) => !o && close()}>
      {user ? (
        <DialogContent
          title={`Reset the password of ${user.name}`}
          description={user.email}
          footer={
            <DialogActions onCancel={close} form={formId} pending={reset.isPending}>
              {kind === "link" ? "Create link" : "Set password"}
            </DialogActions>
          }
        >
          <form id={formId} onSubmit={submit} noValidate className="space-y-4">
            <fieldset className="space-y-1.5 text-sm text-slate-700">
              <legend className="sr-only">How</legend>
              <label className="flex items-start gap-2">
                <input type="radio" name={`${formId}-kind`} className="mt-0.5 accent-slate-900" checked={kind === "link"} onChange={() => setKind("link")} />
                <span>
                  A set-password link <span className="text-slate-500">— they choose a new password (valid 24 hours); their sessions end when they use it</span>
                </span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name={`${formId}-kind`} className="mt-0.5 accent-slate-900" checked={kind === "password"} onChange={() => setKind("password")} />
                <span>
                  A temporary password <span className="text-slate-500">— their sessions end now; ask them to change it on their account page</span>
                </span>
              </label>
            </fieldset>
            {kind === "password" ? (
              <NewPasswordField id={`${formId}-password`} label="Temporary password" value={password} onChange={setPassword} userInputs={[user.email, user.name]} error={errors.password} />
            ) : null}
            {reset.error && !errors.password ? <MutationError error={reset.error} title="Could not reset the password" /> : null}
          </form>
        </DialogContent>
      ) : null}
    </DialogRoot>
  );
}
