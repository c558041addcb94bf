"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import type { CreatedToken } from "./types";

/** The one time a token's secret is shown: copy it now, it is stored only as a hash. */
export function NewTokenDialog({ created, onClose }: { created: CreatedToken | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <DialogRoot
      open={created !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
    >
      <DialogContent
        title={`Token “${created?.name ?? ""}” created`}
        description="Copy it now. It is shown only this once: Batchdesk keeps just a hash of it."
        footer={<Button onClick={() => (setCopied(false), onClose())}>Done</Button>}
      >
        {created ? (
          <div className="space-y-4">
            <div className="flex items-stretch gap-2">
              <code data-testid="new-token-secret" className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-900 select-all">
                {created.token}
              </code>
              <Button variant="secondary" onClick={() => void copy()} aria-label="Copy token">
                {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
            <Alert tone="warning" title="Treat it like a password">
              Anyone with this token acts as you, within its scopes. Send it as <code className="font-mono">Authorization: Bearer …</code>; revoke it here if it leaks.
            </Alert>
          </div>
        ) : null}
      </DialogContent>
    </DialogRoot>
  );
}
