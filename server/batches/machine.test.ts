import { describe, expect, it } from "vitest";
import { BATCH_KINDS, BATCH_STATES, FINAL_STATES } from "../contracts/batch";
import { refusal, TRANSITIONS, transitionFor, type TransitionAction } from "./machine";

const ACTIONS: TransitionAction[] = ["preview", "commit", "discard", "start", "pause", "resume", "cancel", "finish", "fail"];

describe("the batch state machine", () => {
  it("never leaves a final state", () => {
    for (const kind of BATCH_KINDS) for (const state of FINAL_STATES) for (const action of ACTIONS) expect(transitionFor(action, kind, state)).toBeNull();
  });

  it("lets exports and fetches be cancelled but never paused, resumed, previewed or committed", () => {
    for (const kind of ["export", "fetch"] as const) {
      for (const state of BATCH_STATES) {
        for (const action of ["pause", "resume", "preview", "commit", "discard"] as const) expect(transitionFor(action, kind, state)).toBeNull();
      }
      expect(transitionFor("cancel", kind, "running")?.to).toEqual(["cancelled"]);
      expect(transitionFor("create", kind, null)?.to).toEqual(["queued"]);
    }
    expect(transitionFor("create", "rows", null)?.to).toEqual(["planning"]);
  });

  it("gives each action one set of target states whatever the state it leaves", () => {
    for (const action of ACTIONS) {
      const targets = new Set(TRANSITIONS.filter((t) => t.action === action).map((t) => t.to.join()));
      expect(targets.size, action).toBe(1);
    }
  });

  it("says why a move is refused, in words", () => {
    expect(refusal("resume", "rows", "cancelled")).toBe("Cannot resume a batch that is cancelled.");
    expect(refusal("pause", "export", "running")).toBe("An export cannot be paused; cancel it and start a new one.");
    expect(refusal("pause", "fetch", "queued")).toBe("A file fetch cannot be paused; cancel it and start a new one.");
    expect(refusal("commit", "rows", "queued")).toBe("This batch is queued; only a previewed batch can be committed.");
    expect(refusal("commit", "export", "queued")).toBe("An export cannot be committed.");
    expect(refusal("discard", "rows", "completed_with_errors")).toBe("Cannot discard a batch that is completed with errors.");
  });
});
