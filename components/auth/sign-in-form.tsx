"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { authClient } from "./auth-client";
import type { DemoAccount } from "@/server/seed/demo-mode";
import { DemoAccounts } from "./demo-accounts";
import { safeNextPath } from "./safe-next";
import { signInErrorMessage, validateSignIn } from "./sign-in-errors";

export function SignInForm({ next, demoAccounts }: { next: string; demoAccounts: DemoAccount[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const errors = validateSignIn(email, password);
    setFieldErrors(errors);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();

    setPending(true);
    try {
      const { error } = await authClient.signIn.email({ email: email.trim(), password });
      if (error) {
        setFormError(signInErrorMessage(error));
        setPending(false);
        passwordRef.current?.select();
        return;
      }
    } catch {
      // Network failures reject instead of returning an error object.
      setFormError(signInErrorMessage({}));
      setPending(false);
      return;
    }
    // Cached answers (including "please sign in" errors) belong to the signed-out visitor.
    queryClient.clear();
    router.replace(safeNextPath(next));
  }

  return (
    <div className="space-y-5">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in">
        {formError ? <Alert tone="danger">{formError}</Alert> : null}
        <div>
          <Label htmlFor="email">Email</Label>
          <Input
            ref={emailRef}
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            autoFocus
            className="mt-1.5"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={fieldErrors.email ? "email-error" : undefined}
          />
          <FieldError id="email-error">{fieldErrors.email}</FieldError>
        </div>
        <div>
          <Label htmlFor="password">Password</Label>
          <Input
            ref={passwordRef}
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            className="mt-1.5"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? "password-error" : undefined}
          />
          <FieldError id="password-error">{fieldErrors.password}</FieldError>
        </div>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? <Spinner /> : null}
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <DemoAccounts
        accounts={demoAccounts}
        onPick={(e, p) => {
          setEmail(e);
          setPassword(p);
          setFieldErrors({});
          setFormError(null);
        }}
      />
    </div>
  );
}
