"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { NewPasswordField } from "./password-field";

/** Choosing a password with a one-time link (an invite or a reset), then on to sign-in. */
export function SetPasswordForm({ token, email, name }: { token: string; email: string; name: string }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const set = useMutation(trpc.account.setPasswordWithLink.mutationOptions());
  const errors = fieldErrors(set.error);

  if (set.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert title="Password set">You can now sign in as {email}.</Alert>
        <Button asChild className="w-full">
          <Link href="/sign-in">Sign in</Link>
        </Button>
      </div>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    set.mutate({ token, password });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Set password">
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordField id="new-password" label="New password" value={password} onChange={setPassword} userInputs={[email, name]} error={errors.password} />
      {set.error && !errors.password ? <MutationError error={set.error} title="Password not set" /> : null}
      <Button type="submit" className="w-full" disabled={set.isPending}>
        {set.isPending ? <Spinner /> : null}
        Set password
      </Button>
    </form>
  );
}
