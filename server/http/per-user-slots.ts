import crypto from "node:crypto";
import type pg from "pg";
import { pool } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { workerId } from "../process";

/**
 * Counts what each user has running at once of one kind (downloads, progress streams) over every web
 * process, so one client cannot open enough slow streams to take every connection and socket the
 * servers have (security findings 3 and 11), however many web processes share the load.
 *
 * A held slot is a row of `user_slots`: slot numbers 1..limit per (user, kind), so the primary key
 * itself is the cap and taking one is a single INSERT that either claims a free (or expired) number
 * or refuses. The row carries a lease: the holding process renews it every lease/3 while the response
 * streams and deletes it when the body ends, fails or is cancelled; a process that dies simply stops
 * renewing, and once the lease has passed the slot counts as free, so a crash never locks a user out
 * for longer than one lease.
 */

/** How long a slot stays held without its holder renewing it. */
export const SLOT_LEASE_MS = 60_000;

type Held = { userId: string; slot: number; token: string };

export type SlotOptions = {
  /** Who holds the slots, in the table and the logs; one per process (tests make two "processes"). */
  holder?: string;
  /** Lease of each slot; renewed every third of it. */
  leaseMs?: number;
  /** The pool to write on (tests); the process's pool by default. */
  db?: () => pg.Pool;
};

// Kept on globalThis by name: Next may load a module once per route bundle, and every route's
// downloads of one process must share one holder and one heartbeat.
const registry = globalThis as unknown as { __batchdeskSlots?: Map<string, PerUserSlots> };

export class PerUserSlots {
  private readonly holder: string;
  private readonly leaseMs: number;
  private readonly db: () => pg.Pool;
  private readonly held = new Set<Held>();
  private heartbeat: NodeJS.Timeout | null = null;

  /** The process's slots of `kind` (one instance per kind and process, whichever bundle asks). */
  static shared(kind: string, limit: () => number, refusal: (limit: number) => string): PerUserSlots {
    registry.__batchdeskSlots ??= new Map();
    let slots = registry.__batchdeskSlots.get(kind);
    if (!slots) registry.__batchdeskSlots.set(kind, (slots = new PerUserSlots(kind, limit, refusal)));
    return slots;
  }

  constructor(
    private readonly kind: string,
    private readonly limit: () => number,
    private readonly refusal: (limit: number) => string,
    options: SlotOptions = {},
  ) {
    // The pid names the process; the random part tells a restarted process with a reused pid apart.
    this.holder = options.holder ?? `${workerId}:${crypto.randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? SLOT_LEASE_MS;
    this.db = options.db ?? pool;
  }

  /**
   * Takes a slot for `userId` or throws TOO_MANY_REQUESTS; returns its release (safe to call twice;
   * it never throws: a slot it could not delete frees itself when its lease passes).
   */
  async acquire(userId: string): Promise<() => Promise<void>> {
    const limit = this.limit();
    const token = crypto.randomUUID();
    let slot: number | null = null;
    // Two takers racing for the same free number: the loser's upsert finds it live and claims
    // nothing, though another number may still be free; it tries again while some are free.
    for (let tries = 0; slot === null && tries < 3; tries++) {
      slot = await this.take(userId, limit, token);
      if (slot === null && (await this.inUse(userId)) >= limit) break;
    }
    if (slot === null) throw new AppError("TOO_MANY_REQUESTS", this.refusal(limit));
    const held: Held = { userId, slot, token };
    this.held.add(held);
    this.startHeartbeat();
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.held.delete(held);
      if (this.held.size === 0) this.stopHeartbeat();
      await this.db()
        .query("DELETE FROM user_slots WHERE user_id = $1 AND kind = $2 AND slot = $3 AND token = $4", [userId, this.kind, slot, token])
        .catch((err: unknown) => logger.warn({ err, kind: this.kind, userId }, "could not give a slot back; it frees itself when its lease passes"));
    };
  }

  /**
   * One statement: the lowest slot number in 1..limit that no live lease holds, inserted, or taken
   * over from an expired lease (the ON CONFLICT's WHERE is checked on the row as committed, so two
   * takers never both get it). Null when every number is live (or a racer took the one we picked).
   * The count guards a limit lowered while slots above it are still held.
   */
  private async take(userId: string, limit: number, token: string): Promise<number | null> {
    const { rows } = await this.db().query<{ slot: number }>(
      `INSERT INTO user_slots AS s (user_id, kind, slot, holder, token, expires_at)
       SELECT $1, $2, n, $4, $5, now() + make_interval(secs => $6 / 1000.0)
         FROM generate_series(1, $3::int) n
        WHERE NOT EXISTS (SELECT 1 FROM user_slots l WHERE l.user_id = $1 AND l.kind = $2 AND l.slot = n AND l.expires_at > now())
          AND (SELECT count(*) FROM user_slots l WHERE l.user_id = $1 AND l.kind = $2 AND l.expires_at > now()) < $3
        ORDER BY n LIMIT 1
       ON CONFLICT (user_id, kind, slot) DO UPDATE SET holder = EXCLUDED.holder, token = EXCLUDED.token, expires_at = EXCLUDED.expires_at
        WHERE s.expires_at <= now()
       RETURNING slot`,
      [userId, this.kind, limit, this.holder, token, this.leaseMs],
    );
    return rows[0]?.slot ?? null;
  }

  /** Renews every slot this holder has, in one statement, while any is held. */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.leaseMs / 3)));
    // A held slot must not keep a process alive that is otherwise done.
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async renew(): Promise<void> {
    const tokens = [...this.held].map((h) => h.token);
    if (tokens.length === 0) return;
    await this.db()
      .query("UPDATE user_slots SET expires_at = now() + make_interval(secs => $3 / 1000.0) WHERE kind = $1 AND token = ANY($2::uuid[])", [
        this.kind,
        tokens,
        this.leaseMs,
      ])
      .catch((err: unknown) => logger.warn({ err, kind: this.kind }, "could not renew held slots"));
  }

  /** Stops renewing without releasing, as a process that died would (for tests). */
  abandon(): void {
    this.held.clear();
    this.stopHeartbeat();
  }

  /** Slots `userId` holds now over every process (live leases only). */
  async inUse(userId: string): Promise<number> {
    const { rows } = await this.db().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM user_slots WHERE user_id = $1 AND kind = $2 AND expires_at > now()",
      [userId, this.kind],
    );
    return rows[0]!.n;
  }
}

/**
 * `res` with its body wrapped so `release` runs once the body is fully sent, fails, or is dropped
 * by the client; at once for a response without a body. The body ends only after the slot is given
 * back, so a client that read it to the end may open the next one at once.
 */
export async function releasingWhenSent(res: Response, release: () => Promise<void>): Promise<Response> {
  if (!res.body) {
    await release();
    return res;
  }
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          await release();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        await release();
        controller.error(err);
      }
    },
    async cancel(reason) {
      await release();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Runs `handler` in a slot of `slots` for the user; the slot is held until the response body ends. */
export async function inSlot(slots: PerUserSlots, userId: string, handler: () => Promise<Response>): Promise<Response> {
  const release = await slots.acquire(userId);
  try {
    return await releasingWhenSent(await handler(), release);
  } catch (err) {
    await release();
    throw err;
  }
}
