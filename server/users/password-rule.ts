import { type ZodError, ZodRealError } from "zod";
import { checkPasswordStrength } from "../auth/password-strength";

/**
 * A refusal of one form field, shaped as a schema failure so it reaches the form like one (the error
 * mapping lists a ZodError's fields for the browser), for rules a schema cannot express. The "real"
 * ZodError is an Error, which tRPC keeps as the cause (a plain zod 4 ZodError is not, and tRPC would
 * wrap it into an unknown, internal failure).
 */
export function fieldError(field: string, message: string): ZodError {
  return new ZodRealError([{ code: "custom", path: [field], message, input: undefined }]);
}

/** Refuses a password that fails the strength rule, naming `field` so the form shows it next to the input. */
export function assertStrongPassword(password: string, userInputs: readonly string[], field = "password"): void {
  const strength = checkPasswordStrength(password, userInputs);
  if (strength.ok) return;
  throw fieldError(field, `Choose a stronger password. ${[...strength.problems, ...strength.suggestions].join(" ")}`);
}
