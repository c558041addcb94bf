import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { errorOf } from "../../tests/helpers/batch";
import { seedRows, userId } from "../../tests/helpers/seed";
import { callerAs } from "../../tests/helpers/session";
import type { BatchInput } from "../contracts/batch";
import { progressStreamsInUse } from "./progress-stream";

type Caller = Awaited<ReturnType<typeof callerAs>>;
let operator: Caller;
let operatorId: string;

beforeAll(async () => {
  await seedRows({ letters: 20 });
  operator = await callerAs("operator");
  operatorId = await userId("operator");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const rename = (): BatchInput => ({
  resource: "letters",
  target: { kind: "ids", ids: [1, 2, 3] },
  operation: { type: "update", changes: [{ op: "set", field: "senderName", value: "Streamed" }] },
});

/** Reads a whole stream; returns its events' states and how long it stayed open. */
async function drain(stream: AsyncIterable<unknown>): Promise<{ states: string[]; ms: number }> {
  const started = Date.now();
  const states: string[] = [];
  for await (const ev of stream) states.push((ev as unknown as [string, { state: string }])[1].state);
  return { states, ms: Date.now() - started };
}

describe("progress streams end instead of staying open for ever", () => {
  it("a batch that is not moving (previewed) ends its stream once quiet for PROGRESS_STREAM_QUIET_MS", async () => {
    vi.stubEnv("PROGRESS_STREAM_QUIET_MS", "1000");
    const preview = await operator.batch.validate(rename());
    const { states, ms } = await drain(await operator.batch.progress({ batchId: preview.id }));
    expect(states).toEqual(["previewed"]);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(4000);
    // A reconnect that has seen the last event gets nothing new and ends quietly again.
    const again = await drain(await operator.batch.progress({ batchId: preview.id, lastEventId: String((await operator.batch.status({ batchId: preview.id })).progress.progressSeq) }));
    expect(again.states).toEqual([]);
    expect(await progressStreamsInUse(operatorId)).toBe(0);
  });

  it("a moving batch's stream ends at PROGRESS_STREAM_MAX_MS (the client resumes from the last event)", async () => {
    vi.stubEnv("PROGRESS_STREAM_MAX_MS", "1000");
    vi.stubEnv("PROGRESS_STREAM_QUIET_MS", "600000");
    const preview = await operator.batch.validate(rename());
    // Queued, no worker here: it would wait for ever for one.
    await operator.batch.execute({ batchId: preview.id });
    const { states, ms } = await drain(await operator.batch.progress({ batchId: preview.id }));
    expect(states).toEqual(["queued"]);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(4000);
    await operator.batch.cancel({ batchId: preview.id });
  });

  it("a user gets at most PROGRESS_STREAMS_PER_USER open streams; more are refused with TOO_MANY_REQUESTS until one ends", async () => {
    vi.stubEnv("PROGRESS_STREAMS_PER_USER", "2");
    const preview = await operator.batch.validate(rename());
    const open = [];
    for (let i = 0; i < 2; i++) {
      const it = (await operator.batch.progress({ batchId: preview.id }))[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      open.push(it);
    }
    expect(await progressStreamsInUse(operatorId)).toBe(2);
    const refused = await errorOf(
      (async () => {
        for await (const _ of await operator.batch.progress({ batchId: preview.id })) break;
      })(),
    );
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toBe("You already have 2 live progress views open; close some tabs, then try again.");
    // Another user is not affected.
    const admin = await callerAs("admin");
    for await (const _ of await admin.batch.progress({ batchId: preview.id })) break;

    await open[0]!.return?.();
    expect(await progressStreamsInUse(operatorId)).toBe(1);
    for await (const _ of await operator.batch.progress({ batchId: preview.id })) break;
    await open[1]!.return?.();
    expect(await progressStreamsInUse(operatorId)).toBe(0);
  });
});

describe("a progress stream watched with an API token", () => {
  it("ends with UNAUTHORIZED once the token is revoked, not only at the next request", async () => {
    const { callerWithToken, tokenOf } = await import("../../tests/helpers/tokens");
    const preview = await operator.batch.validate(rename());
    const { token, id } = await tokenOf("operator", ["read"]);
    const stream = await (await callerWithToken(token)).batch.progress({ batchId: preview.id });
    const it = stream[Symbol.asyncIterator]();
    expect(((await it.next()).value as unknown as [string, { state: string }])[1].state).toBe("previewed");
    await operator.tokens.revoke({ tokenId: id });
    const err = await errorOf(it.next());
    expect(err.code).toBe("UNAUTHORIZED");
    expect(await progressStreamsInUse(operatorId)).toBe(0);
  });
});
