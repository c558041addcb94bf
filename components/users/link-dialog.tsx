"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { formatDateTime } from "@/components/format/time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { PasswordLink } from "./types";

/** Shows a set-password link once, to copy and hand over (no e-mail is sent); closing it forgets it. */
export function LinkDialog({ link, email, onClose }: { link: PasswordLink | null; email: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <DialogRoot open={link !== null} onOpenChange={(open) => !open && (setCopied(false), onClose())}>
      {link ? (
        <DialogContent
          title="Set-password link"
          description={`Give this link to ${email}. It works once, until ${formatDateTime(link.expiresAt)}.`}
          footer={<Button onClick={onClose}>Done</Button>}
        >
          <div className="space-y-3">
            <div className="flex gap-2">
              <label htmlFor="password-link" className="sr-only">
                Set-password link
              </label>
              <Input id="password-link" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
              <Button
                variant="secondary"
                onClick={() => {
                  void navigator.clipboard?.writeText(link.url).then(() => setCopied(true));
                }}
              >
                {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
            <Alert tone="warning">This link is shown only now. Anyone who has it can set the password, so send it privately.</Alert>
          </div>
        </DialogContent>
      ) : null}
    </DialogRoot>
  );
}
