import { AppError } from "../errors";

/**
 * Counts what each user has running at once of one kind (downloads, progress streams) in this
 * process, so one client cannot open enough slow streams to take every connection and socket the
 * server has (security findings 3 and 11). Per process: with several web processes a user gets the
 * limit in each, which still bounds what one of them can be made to hold.
 */
// Kept on globalThis by name: Next may load a module once per route bundle, and every route's
// downloads must count against the same limit.
const registry = globalThis as unknown as { __batchdeskSlots?: Map<string, Map<string, number>> };

export class PerUserSlots {
  private readonly used: Map<string, number>;

  constructor(
    name: string,
    private readonly limit: () => number,
    private readonly refusal: (limit: number) => string,
  ) {
    registry.__batchdeskSlots ??= new Map();
    const counts = registry.__batchdeskSlots.get(name) ?? new Map<string, number>();
    registry.__batchdeskSlots.set(name, counts);
    this.used = counts;
  }

  /** Takes a slot for `userId` or throws TOO_MANY_REQUESTS; returns its release, safe to call twice. */
  acquire(userId: string): () => void {
    const limit = this.limit();
    const now = this.used.get(userId) ?? 0;
    if (now >= limit) throw new AppError("TOO_MANY_REQUESTS", this.refusal(limit));
    this.used.set(userId, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.used.get(userId) ?? 1) - 1;
      if (left > 0) this.used.set(userId, left);
      else this.used.delete(userId);
    };
  }

  /** Slots `userId` holds now (for tests). */
  inUse(userId: string): number {
    return this.used.get(userId) ?? 0;
  }
}

/**
 * `res` with its body wrapped so `release` runs once the body is fully sent, fails, or is dropped
 * by the client; at once for a response without a body.
 */
export function releasingWhenSent(res: Response, release: () => void): Response {
  if (!res.body) {
    release();
    return res;
  }
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        release();
        controller.error(err);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Runs `handler` in a slot of `slots` for the user; the slot is held until the response body ends. */
export async function inSlot(slots: PerUserSlots, userId: string, handler: () => Promise<Response>): Promise<Response> {
  const release = slots.acquire(userId);
  try {
    return releasingWhenSent(await handler(), release);
  } catch (err) {
    release();
    throw err;
  }
}
