"use client";
import { useEffect, useId, useState } from "react";
import { PASSWORD_MIN_LENGTH } from "@/server/auth/password-limits";
import type { PasswordStrength } from "@/server/auth/password-strength";
import { cn } from "@/components/ui/cn";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const WORDS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
const BARS = ["bg-red-500", "bg-red-500", "bg-amber-500", "bg-emerald-500", "bg-emerald-600"];

// The rule's dictionaries are megabytes; they load when someone first types a password, not with the page.
const strengthModule = () => import("@/server/auth/password-strength");

/**
 * A new-password input with the server's own strength rule shown as the user types (the server checks
 * the same rule again); `userInputs` (their email, name) count as easy to guess.
 */
export function NewPasswordField({
  id,
  label,
  value,
  onChange,
  userInputs,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  userInputs: string[];
  error?: string | null;
}) {
  const hintId = useId();
  const [strength, setStrength] = useState<PasswordStrength | null>(null);
  const inputsKey = userInputs.join("\n");

  useEffect(() => {
    let live = true;
    if (!value) {
      setStrength(null);
      return;
    }
    void strengthModule().then((m) => live && setStrength(m.checkPasswordStrength(value, inputsKey.split("\n"))));
    return () => {
      live = false;
    };
  }, [value, inputsKey]);

  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="password"
        autoComplete="new-password"
        className="mt-1.5"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hintId}
      />
      <FieldError id={`${id}-error`}>{error}</FieldError>
      <div id={hintId} className="mt-2" aria-live="polite" data-testid="password-strength">
        {strength ? (
          <>
            <div className="flex gap-1" aria-hidden>
              {[0, 1, 2, 3].map((i) => (
                <span key={i} className={cn("h-1 flex-1 rounded-full", i < Math.max(1, strength.score) ? BARS[strength.score] : "bg-slate-200")} />
              ))}
            </div>
            <p className={cn("mt-1.5 text-xs", strength.ok ? "text-emerald-700" : "text-slate-600")}>
              <span className="font-medium">{strength.ok ? WORDS[strength.score] : `${WORDS[strength.score]}:`}</span>{" "}
              {strength.ok ? "good to use." : [...strength.problems, ...strength.suggestions].join(" ")}
            </p>
          </>
        ) : (
          <p className="text-xs text-slate-500">At least {PASSWORD_MIN_LENGTH} characters, hard to guess: a few unrelated words work well.</p>
        )}
      </div>
    </div>
  );
}
