"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import type { ApiScope } from "@/server/contracts/scopes";
import { TOKEN_LIFETIMES_DAYS } from "@/server/tokens/schemas";
import { NewTokenDialog } from "./new-token-dialog";
import { SCOPE_LABELS } from "./scope-labels";
import type { CreatedToken } from "./types";

const NEVER = "never";

/** New token: a name, the scopes the user's role may give (`allowed`), a lifetime; the secret is then shown once. */
export function CreateTokenForm({ allowed }: { allowed: readonly ApiScope[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>(["read"]);
  const [lifetime, setLifetime] = useState<string>("30");
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setCreated(t);
        setName("");
        setScopes(["read"]);
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const toggle = (s: ApiScope, on: boolean) => setScopes((prev) => (on ? [...prev, s] : prev.filter((p) => p !== s)));

  function submit(e: FormEvent) {
    e.preventDefault();
    const days = lifetime === NEVER ? null : (Number(lifetime) as (typeof TOKEN_LIFETIMES_DAYS)[number]);
    // Sent in the table's order, whatever order they were ticked in.
    create.mutate({ name, scopes: allowed.filter((s) => scopes.includes(s)), expiresInDays: days });
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>New token</CardTitle>
          <CardDescription>A token acts as you, limited to its scopes and to what your role may do.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate className="space-y-5" aria-label="New API token">
          <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
            <div>
              <Label htmlFor={`${id}-name`}>Name</Label>
              <Input
                id={`${id}-name`}
                className="mt-1.5"
                placeholder="e.g. nightly vessel sync"
                autoComplete="off"
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={errors.name ? `${id}-name-error` : undefined}
              />
              <FieldError id={`${id}-name-error`}>{errors.name}</FieldError>
            </div>
            <div>
              <Label htmlFor={`${id}-expiry`}>Expires</Label>
              <Select id={`${id}-expiry`} className="mt-1.5 w-full" value={lifetime} onChange={(e) => setLifetime(e.target.value)}>
                {TOKEN_LIFETIMES_DAYS.map((d) => (
                  <option key={d} value={String(d)}>
                    In {d} days
                  </option>
                ))}
                <option value={NEVER}>Never</option>
              </Select>
            </div>
          </div>
          <fieldset aria-describedby={errors.scopes ? `${id}-scopes-error` : undefined}>
            <legend className="text-sm font-medium text-slate-700">Scopes</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {allowed.map((s) => (
                <label key={s} className="flex cursor-pointer items-start gap-2.5 rounded-md border border-slate-200 px-3 py-2.5 hover:bg-slate-50 has-checked:border-slate-400 has-checked:bg-slate-50">
                  <Checkbox className="mt-0.5" checked={scopes.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">{SCOPE_LABELS[s].label}</span>
                    <span className="block text-xs text-slate-500">{SCOPE_LABELS[s].description}</span>
                  </span>
                </label>
              ))}
            </div>
            <FieldError id={`${id}-scopes-error`}>{errors.scopes}</FieldError>
          </fieldset>
          {create.error && !errors.name && !errors.scopes ? <MutationError error={create.error} title="Token not created" /> : null}
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? <Spinner /> : null}
            Create token
          </Button>
        </form>
      </CardContent>
      <NewTokenDialog created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
