"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { NewPasswordField } from "@/components/auth/password-field";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";

/** Change password: the current one, a new one (strength shown as typed), optionally signing out elsewhere. */
export function ChangePasswordForm({ email, name }: { email: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [signOutOthers, setSignOutOthers] = useState(true);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: ({ signedOut }) => {
        toast.success(signedOut ? `Password changed; ${signedOut} other session${signedOut === 1 ? "" : "s"} signed out` : "Password changed");
        setCurrent("");
        setNext("");
        void queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(change.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    change.mutate({ currentPassword: current, newPassword: next, signOutOtherSessions: signOutOthers });
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Password</CardTitle>
          <CardDescription>You need your current password to choose a new one.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate className="max-w-md space-y-4" aria-label="Change password">
          {/* Lets password managers file the new password under the right account. */}
          <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
          <div>
            <Label htmlFor={`${id}-current`}>Current password</Label>
            <Input
              id={`${id}-current`}
              type="password"
              autoComplete="current-password"
              className="mt-1.5"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              aria-invalid={errors.currentPassword ? true : undefined}
              aria-describedby={errors.currentPassword ? `${id}-current-error` : undefined}
            />
            <FieldError id={`${id}-current-error`}>{errors.currentPassword}</FieldError>
          </div>
          <NewPasswordField id={`${id}-new`} label="New password" value={next} onChange={setNext} userInputs={[email, name]} error={errors.newPassword} />
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <Checkbox checked={signOutOthers} onChange={(e) => setSignOutOthers(e.target.checked)} />
            Sign out my other sessions
          </label>
          {change.error && !errors.currentPassword && !errors.newPassword ? <MutationError error={change.error} title="Password not changed" /> : null}
          <Button type="submit" disabled={change.isPending}>
            {change.isPending ? <Spinner /> : null}
            Change password
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
