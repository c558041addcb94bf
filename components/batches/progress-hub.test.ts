import type { TRPCClient } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppRouter } from "@/server/trpc/router";
import { ProgressHub } from "./progress-hub";
import type { BatchProgress } from "./types";

type Handlers = { onData: (ev: { data: BatchProgress }) => void; onComplete: () => void; onError: (e: unknown) => void };
type Call = { input: { batchId: string; lastEventId?: string }; handlers: Handlers; unsubscribed: boolean };

/** A client whose progress subscriptions the test drives by hand. */
function fakeClient() {
  const calls: Call[] = [];
  const client = {
    batch: {
      progress: {
        subscribe: (input: Call["input"], handlers: Handlers) => {
          const call: Call = { input, handlers, unsubscribed: false };
          calls.push(call);
          return { unsubscribe: () => (call.unsubscribed = true) };
        },
      },
    },
  };
  // The hub uses only batch.progress.subscribe.
  return { calls, client: client as unknown as TRPCClient<AppRouter> };
}

const progress = (state: string, progressSeq: number) => ({ state, progressSeq, processed: 0, rowsPerSecond: 0 }) as unknown as BatchProgress;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ProgressHub when the server ends a stream", () => {
  it("reopens at once, from the last event, when the batch is still moving (the stream reached its lifetime)", () => {
    const { calls, client } = fakeClient();
    const hub = new ProgressHub(client);
    hub.watch("b1", () => {});
    expect(calls).toHaveLength(1);
    calls[0]!.handlers.onData({ data: progress("running", 7) });
    calls[0]!.handlers.onComplete();
    expect(hub.snapshot("b1").connection).toBe("waiting");
    vi.advanceTimersByTime(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.input).toEqual({ batchId: "b1", lastEventId: "7" });
  });

  it("looks again after a pause when the batch was resting (paused), and stops for good once it is final", () => {
    const { calls, client } = fakeClient();
    const hub = new ProgressHub(client);
    hub.watch("b2", () => {});
    calls[0]!.handlers.onData({ data: progress("paused", 3) });
    calls[0]!.handlers.onComplete();
    vi.advanceTimersByTime(5_000);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(5_000);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.input).toEqual({ batchId: "b2", lastEventId: "3" });

    calls[1]!.handlers.onData({ data: progress("completed", 9) });
    calls[1]!.handlers.onComplete();
    expect(hub.snapshot("b2").connection).toBe("ended");
    vi.advanceTimersByTime(60_000);
    expect(calls).toHaveLength(2);
  });
});
