import { beforeAll, describe, expect, it } from "vitest";
import { seedRows, userId } from "../../tests/helpers/seed";
import { AppError } from "../errors";
import { inSlot, PerUserSlots, type SlotOptions } from "./per-user-slots";

let operatorId: string;
let adminId: string;

beforeAll(async () => {
  await seedRows({});
  operatorId = await userId("operator");
  adminId = await userId("admin");
});

/** The AppError `call` fails with. */
async function errorOf(call: Promise<unknown>): Promise<AppError> {
  const outcome = await call.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  if (!(outcome instanceof AppError)) throw outcome;
  return outcome;
}

let kinds = 0;
/** A "web process" of its own (its own holder id) counting slots of `kind` against `limit`. */
function processSlots(kind: string, limit: number, options: SlotOptions & { holder: string }) {
  return new PerUserSlots(kind, () => limit, (n) => `You already have ${n} running.`, options);
}
const freshKind = () => `test-${++kinds}-${Date.now()}`;

describe("per-user slots are counted over every web process", () => {
  it("two processes share one user's limit; a release in one frees a slot for the other", async () => {
    const kind = freshKind();
    const web1 = processSlots(kind, 3, { holder: "web-1" });
    const web2 = processSlots(kind, 3, { holder: "web-2" });
    const a = await web1.acquire(operatorId);
    const b = await web1.acquire(operatorId);
    const c = await web2.acquire(operatorId);
    expect(await web2.inUse(operatorId)).toBe(3);
    const refused = await errorOf(web2.acquire(operatorId));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toBe("You already have 3 running.");
    expect((await errorOf(web1.acquire(operatorId))).code).toBe("TOO_MANY_REQUESTS");
    // Another user has a limit of their own.
    const other = await web2.acquire(adminId);

    await a();
    await a(); // twice is harmless
    expect(await web1.inUse(operatorId)).toBe(2);
    const d = await web2.acquire(operatorId);
    expect(await web1.inUse(operatorId)).toBe(3);
    for (const release of [b, c, d, other]) await release();
    expect(await web1.inUse(operatorId)).toBe(0);
  });

  it("parallel takers in two processes get exactly the limit, never more", async () => {
    const kind = freshKind();
    const web1 = processSlots(kind, 4, { holder: "web-1" });
    const web2 = processSlots(kind, 4, { holder: "web-2" });
    const tries = Array.from({ length: 12 }, (_, i) => (i % 2 ? web1 : web2).acquire(operatorId));
    const outcomes = await Promise.allSettled(tries);
    const taken = outcomes.filter((o) => o.status === "fulfilled");
    expect(taken).toHaveLength(4);
    expect(await web1.inUse(operatorId)).toBe(4);
    for (const o of taken) await (o as PromiseFulfilledResult<() => Promise<void>>).value();
  });

  it("a process that dies holding slots locks nobody out: its expired leases count as free", async () => {
    const kind = freshKind();
    const crashed = processSlots(kind, 1, { holder: "web-crashed", leaseMs: 1_000 });
    const survivor = processSlots(kind, 1, { holder: "web-alive", leaseMs: 1_000 });
    const lateRelease = await crashed.acquire(operatorId);
    crashed.abandon(); // no more heartbeats, no release: as after a kill -9
    expect((await errorOf(survivor.acquire(operatorId))).code).toBe("TOO_MANY_REQUESTS");
    await new Promise((r) => setTimeout(r, 1_300));
    expect(await survivor.inUse(operatorId)).toBe(0);
    const release = await survivor.acquire(operatorId);
    // The dead holder's release arriving late (a process that was only stalled) leaves the new holder's slot alone.
    await lateRelease();
    expect(await survivor.inUse(operatorId)).toBe(1);
    await release();
    expect(await survivor.inUse(operatorId)).toBe(0);
  });

  it("a holder that keeps streaming keeps its slot past the lease: the heartbeat renews it", async () => {
    const kind = freshKind();
    const web1 = processSlots(kind, 1, { holder: "web-1", leaseMs: 600 });
    const web2 = processSlots(kind, 1, { holder: "web-2", leaseMs: 600 });
    const release = await web1.acquire(operatorId);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await errorOf(web2.acquire(operatorId))).code).toBe("TOO_MANY_REQUESTS");
    await release();
    await (await web2.acquire(operatorId))();
  });

  it("a response's slot is held while its body streams and given back when the reader cancels", async () => {
    const kind = freshKind();
    const web1 = processSlots(kind, 1, { holder: "web-1" });
    const res = await inSlot(web1, operatorId, async () => new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(1024)) })));
    const reader = res.body!.getReader();
    await reader.read();
    expect(await web1.inUse(operatorId)).toBe(1);
    await reader.cancel();
    expect(await web1.inUse(operatorId)).toBe(0);
    // A handler that throws gives its slot back at once.
    await expect(inSlot(web1, operatorId, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await web1.inUse(operatorId)).toBe(0);
  });
});
