"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { fieldErrors } from "@/components/users/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@/server/webhooks/events";
import { EVENT_LABELS } from "./event-labels";

/** New endpoint: URL, events, and for admins "every user's batches"; the signing secret is then shown once. */
export function CreateWebhookForm({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["job_completed", "job_failed"]);
  const [global, setGlobal] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (w) => {
        setSecret(w.secret);
        setUrl("");
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const toggle = (e: WebhookEvent, on: boolean) => setEvents((prev) => (on ? [...prev, e] : prev.filter((p) => p !== e)));

  function submit(e: FormEvent) {
    e.preventDefault();
    setSecret(null);
    create.mutate({ url, events: WEBHOOK_EVENTS.filter((ev) => events.includes(ev)), global });
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>New webhook</CardTitle>
          <CardDescription>Batchdesk POSTs each event, signed per Standard Webhooks, to this URL.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate className="space-y-5" aria-label="New webhook">
          <div>
            <Label htmlFor={`${id}-url`}>URL</Label>
            <Input
              id={`${id}-url`}
              className="mt-1.5"
              placeholder="https://hooks.example.com/batchdesk"
              autoComplete="off"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={errors.url ? `${id}-url-error` : undefined}
            />
            <FieldError id={`${id}-url-error`}>{errors.url}</FieldError>
          </div>
          <fieldset aria-describedby={errors.events ? `${id}-events-error` : undefined}>
            <legend className="text-sm font-medium text-slate-700">Events</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {WEBHOOK_EVENTS.map((ev) => (
                <label key={ev} className="flex cursor-pointer items-center gap-2.5 rounded-md border border-slate-200 px-3 py-2 text-sm hover:bg-slate-50 has-checked:border-slate-400">
                  <Checkbox checked={events.includes(ev)} onChange={(e) => toggle(ev, e.target.checked)} />
                  <span>
                    {EVENT_LABELS[ev].label}
                    {EVENT_LABELS[ev].later ? <span className="block text-xs text-slate-500">not sent yet</span> : null}
                  </span>
                </label>
              ))}
            </div>
            <FieldError id={`${id}-events-error`}>{errors.events}</FieldError>
          </fieldset>
          {isAdmin ? (
            <label className="flex items-center gap-2.5 text-sm">
              <Checkbox checked={global} onChange={(e) => setGlobal(e.target.checked)} />
              Every user&apos;s batches (global), not only mine
            </label>
          ) : null}
          {create.error && !errors.url && !errors.events ? <MutationError error={create.error} title="Webhook not added" /> : null}
          {secret ? (
            <Alert tone="warning" title="Signing secret — shown only now">
              <code data-testid="new-webhook-secret" className="font-mono text-xs break-all select-all">
                {secret}
              </code>
            </Alert>
          ) : null}
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? <Spinner /> : null}
            Add webhook
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
