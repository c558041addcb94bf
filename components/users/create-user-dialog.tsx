"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { NewPasswordField } from "@/components/auth/password-field";
import { MutationError } from "@/components/errors/mutation-error";
import { useTRPC } from "@/components/providers/trpc";
import { DialogActions } from "@/components/ui/dialog-actions";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ROLES, type Role } from "@/server/auth/roles";
import { fieldErrors } from "./field-errors";
import type { PasswordLink } from "./types";

/** New user: name, email, role, and either a first password or an invite link. */
export function CreateUserDialog({ open, onOpenChange, onLink }: { open: boolean; onOpenChange: (open: boolean) => void; onLink: (link: PasswordLink, email: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formId = useId();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [access, setAccess] = useState<"invite" | "password">("invite");
  const [password, setPassword] = useState("");
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: ({ link }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        toast.success(`Created ${email}`);
        close();
        if (link) onLink(link, email);
      },
    }),
  );
  const errors = fieldErrors(create.error);

  function close() {
    setName("");
    setEmail("");
    setPassword("");
    setAccess("invite");
    setRole("operator");
    create.reset();
    onOpenChange(false);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ name, email, role, access: access === "password" ? { kind: "password", password } : { kind: "invite" } });
  }

  return (
    <DialogRoot open={open} onOpenChange={(o) => (o ? onOpenChange(true) : close())}>
      <DialogContent
        title="New user"
        description="They sign in with their email address. No e-mail is sent: hand over the link or password yourself."
        footer={
          <DialogActions onCancel={close} form={formId} pending={create.isPending} pendingLabel="Creating…">
            Create user
          </DialogActions>
        }
      >
        <form id={formId} onSubmit={submit} noValidate className="space-y-4">
          <div>
            <Label htmlFor={`${formId}-name`}>Name</Label>
            <Input id={`${formId}-name`} className="mt-1.5" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" aria-invalid={errors.name ? true : undefined} />
            {errors.name ? <p className="mt-1.5 text-sm text-red-700">{errors.name}</p> : null}
          </div>
          <div>
            <Label htmlFor={`${formId}-email`}>Email</Label>
            <Input id={`${formId}-email`} type="email" className="mt-1.5" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" aria-invalid={errors.email ? true : undefined} />
            {errors.email ? <p className="mt-1.5 text-sm text-red-700">{errors.email}</p> : null}
          </div>
          <div>
            <Label htmlFor={`${formId}-role`}>Role</Label>
            <Select id={`${formId}-role`} className="mt-1.5 w-full" value={role} onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? "viewer")}>
              <option value="viewer">Viewer — reads and exports</option>
              <option value="operator">Operator — runs batches on their own rows</option>
              <option value="admin">Admin — everything, including users</option>
            </Select>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">First password</legend>
            <div className="mt-1.5 space-y-1.5 text-sm text-slate-700">
              <label className="flex items-start gap-2">
                <input type="radio" name={`${formId}-access`} className="mt-0.5 accent-slate-900" checked={access === "invite"} onChange={() => setAccess("invite")} />
                <span>
                  Invite with a link <span className="text-slate-500">— they choose their own password (link valid 7 days)</span>
                </span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name={`${formId}-access`} className="mt-0.5 accent-slate-900" checked={access === "password"} onChange={() => setAccess("password")} />
                <span>Set a password now</span>
              </label>
            </div>
          </fieldset>
          {access === "password" ? (
            <NewPasswordField id={`${formId}-password`} label="Password" value={password} onChange={setPassword} userInputs={[email, name]} error={errors.password} />
          ) : null}
          {create.error && !Object.keys(errors).length ? <MutationError error={create.error} title="Could not create the user" /> : null}
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
