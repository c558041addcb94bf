import type { BatchKind, BatchState } from "../contracts/batch";
import { KINDS, type KindDescriptor } from "./kinds";

/** A move along the state machine. `create` is the insert itself; the others change `state`. */
export type TransitionAction =
  | "create"
  | "preview"
  | "requestApproval"
  | "approve"
  | "expireApproval"
  | "commit"
  | "discard"
  | "start"
  | "pause"
  | "resume"
  | "cancel"
  | "finish"
  | "fail";

/** Who may take a transition: a user (signed in, by token, or a schedule on their behalf) or a worker process. */
export type Mover = "user" | "worker";

export type Transition = {
  action: TransitionAction;
  /** States it leaves from (none for `create`). */
  from: readonly BatchState[];
  /** States it may end in; the caller (or, for `finish`, the batch's counts) picks one. */
  to: readonly BatchState[];
  by: Mover;
  /** Kinds it applies to. */
  kinds: (k: KindDescriptor) => boolean;
};

const all = () => true;

/**
 * The batch life cycle, in one table: nothing else decides which state follows which. A new state
 * (awaiting approval, say) is rows here.
 */
export const TRANSITIONS: readonly Transition[] = [
  // Chunked kinds are planned first; single-job kinds start queued, their job already sent.
  { action: "create", from: [], to: ["planning"], by: "user", kinds: (k) => k.chunked },
  { action: "create", from: [], to: ["queued"], by: "user", kinds: (k) => !k.chunked },
  { action: "preview", from: ["planning"], to: ["previewed"], by: "user", kinds: (k) => k.chunked },
  // A preview that matches an approval rule waits for approvers (server/approvals/); approved, it is
  // previewed again and may be committed; rejected or withdrawn, it is discarded.
  { action: "requestApproval", from: ["previewed"], to: ["awaiting_approval"], by: "user", kinds: (k) => k.chunked },
  { action: "approve", from: ["awaiting_approval"], to: ["previewed"], by: "user", kinds: (k) => k.chunked },
  { action: "expireApproval", from: ["awaiting_approval"], to: ["previewed"], by: "worker", kinds: (k) => k.chunked },
  { action: "commit", from: ["previewed"], to: ["queued"], by: "user", kinds: (k) => k.chunked },
  { action: "discard", from: ["previewed", "awaiting_approval"], to: ["discarded"], by: "user", kinds: (k) => k.chunked },
  { action: "start", from: ["queued"], to: ["running"], by: "worker", kinds: all },
  { action: "pause", from: ["queued", "running"], to: ["paused"], by: "user", kinds: (k) => k.pausable },
  { action: "resume", from: ["paused"], to: ["running"], by: "user", kinds: (k) => k.pausable },
  { action: "cancel", from: ["queued", "running", "paused"], to: ["cancelled"], by: "user", kinds: all },
  { action: "finish", from: ["running"], to: ["completed", "completed_with_errors"], by: "worker", kinds: all },
  // A worker gives up (on error: abort, retries used up); from paused too, when an abort raced a pause.
  { action: "fail", from: ["queued", "running", "paused"], to: ["failed"], by: "worker", kinds: all },
];

/** The transition `action` takes from `state` for `kind`, or null when the table has none. */
export function transitionFor(action: TransitionAction, kind: BatchKind, state: BatchState | null): Transition | null {
  const k = KINDS[kind];
  return TRANSITIONS.find((t) => t.action === action && t.kinds(k) && (state === null ? t.from.length === 0 : t.from.includes(state))) ?? null;
}

/** The states `action` may leave from for `kind` (empty when the kind never takes it). */
export function statesFrom(action: TransitionAction, kind: BatchKind): BatchState[] {
  const k = KINDS[kind];
  return TRANSITIONS.filter((t) => t.action === action && t.kinds(k)).flatMap((t) => [...t.from]);
}

/** Whether `kind` ever takes `action`, from any state. */
export function kindTakes(action: TransitionAction, kind: BatchKind): boolean {
  return TRANSITIONS.some((t) => t.action === action && t.kinds(KINDS[kind]));
}

const words = (s: string) => s.replace(/_/g, " ");

/** Why `action` is refused: the kind never takes it, or not from the state the batch is in. */
export function refusal(action: TransitionAction, kind: BatchKind, state: BatchState): string {
  const k = KINDS[kind];
  if (!kindTakes(action, kind)) {
    const noun = k.noun.charAt(0).toUpperCase() + k.noun.slice(1);
    return action === "pause" || action === "resume"
      ? `${noun} cannot be paused; cancel it and start a new one.`
      : `${noun} cannot be ${action === "commit" ? "committed" : `${action}ed`}.`;
  }
  if (action === "commit") return `This batch is ${words(state)}; only a previewed batch can be committed.`;
  return `Cannot ${action} a batch that is ${words(state)}.`;
}
