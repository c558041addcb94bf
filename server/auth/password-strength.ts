import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-limits";

// The one password rule, shared by the server (which enforces it wherever a password is set: the
// account page, the users page, set-password links, `npm run create-admin`, BATCHDESK_ADMIN_PASSWORD)
// and the browser (which shows it while the user types). Imports no server code, so both may load it.

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-limits";
/** zxcvbn's score (0–4) a password needs: 3 is "safely unguessable" against throttled online attacks and a slow hash. */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordStrength = {
  ok: boolean;
  /** 0 (trivially guessed) to 4 (very hard to guess) */
  score: number;
  /** What is wrong, in the words shown next to the field; empty when ok. */
  problems: string[];
  /** How to do better (zxcvbn's suggestions). */
  suggestions: string[];
};

let factory: ZxcvbnFactory | null = null;

// The dictionaries are a few megabytes; built on first use, not when the module loads.
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/**
 * How strong `password` is, penalising words from `userInputs` (the user's email, name) and the
 * product's own name, which an attacker tries first.
 */
export function checkPasswordStrength(password: string, userInputs: readonly string[] = []): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { ok: false, score: 0, problems: [`Use at least ${PASSWORD_MIN_LENGTH} characters.`], suggestions: [] };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { ok: false, score: 0, problems: [`Use at most ${PASSWORD_MAX_LENGTH} characters.`], suggestions: [] };
  }
  const inputs = ["batchdesk", ...userInputs.flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((s) => s.length >= 3)];
  const result = zxcvbn().check(password, inputs);
  const ok = result.score >= PASSWORD_MIN_SCORE;
  const problems = ok ? [] : [result.feedback.warning ? `${result.feedback.warning.replace(/\.$/, "")}.` : "This password is too easy to guess."];
  return { ok, score: result.score, problems, suggestions: result.feedback.suggestions };
}
