import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import { isFinal, type BatchProgress } from "./types";

export type Connection = "connecting" | "live" | "reconnecting" | "ended" | "error" | "waiting";
export type Sample = { at: number; processed: number; rowsPerSecond: number };
export type Snapshot = { progress: BatchProgress | null; samples: Sample[]; connection: Connection; error: unknown };

type Entry = {
  snapshot: Snapshot;
  listeners: Set<() => void>;
  /** Someone on screen needs it (vs. only the finish notifier). */
  foreground: number;
  background: boolean;
  stop: (() => void) | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
  onFinish: ((p: BatchProgress) => void) | null;
  failures: number;
  retryTimer: ReturnType<typeof setTimeout> | null;
};

/** Browsers allow six HTTP/1.1 connections per origin; streams must leave room for requests. */
const MAX_STREAMS = 3;
const MAX_SAMPLES = 120;
const LINGER_MS = 3_000;
const MAX_RETRIES = 8;
const RATE_WINDOW_MS = 3_000;
/** How long after the server ended the stream of a batch that was not moving (paused, previewed) to look again. */
const QUIET_RECHECK_MS = 10_000;
/** States in which a batch moves by itself; the server ends such a stream only at its maximum lifetime. */
const MOVING = new Set(["planning", "queued", "running"]);

/**
 * One progress stream per batch, shared by every component that shows it (batch page, list rows,
 * finish notifier), capped so open streams never starve ordinary requests. Streams resume from the
 * last event after a dropped connection (the SSE link sends `lastEventId`). The server also ends a
 * stream that lived its maximum time, or whose batch has not moved for a while: unless the batch is
 * final, the hub opens it again — at once for a moving batch, after a pause for a resting one.
 */
export class ProgressHub {
  private entries = new Map<string, Entry>();
  constructor(private client: TRPCClient<AppRouter>) {}

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = {
        snapshot: { progress: null, samples: [], connection: "waiting", error: null },
        listeners: new Set(),
        foreground: 0,
        background: false,
        stop: null,
        idleTimer: null,
        onFinish: null,
        failures: 0,
        retryTimer: null,
      };
      this.entries.set(id, e);
    }
    return e;
  }

  snapshot(id: string): Snapshot {
    return this.entry(id).snapshot;
  }

  private set(id: string, patch: Partial<Snapshot>) {
    const e = this.entry(id);
    e.snapshot = { ...e.snapshot, ...patch };
    for (const l of e.listeners) l();
  }

  private open(id: string) {
    const e = this.entry(id);
    if (e.stop || e.retryTimer || e.snapshot.connection === "ended") return;
    this.set(id, { connection: e.snapshot.progress ? "reconnecting" : "connecting" });
    // Reopened after a failure: carry on from the last event seen (its id is the batch's progress counter).
    const last = e.snapshot.progress;
    const sub = this.client.batch.progress.subscribe(
      last ? { batchId: id, lastEventId: String(last.progressSeq) } : { batchId: id },
      {
        onData: ({ data }) => {
          e.failures = 0;
          const prev = e.snapshot.samples;
          const sample = { at: Date.now(), processed: data.processed, rowsPerSecond: data.rowsPerSecond };
          // Throughput over the last few seconds of events (events arrive in bursts, so a single gap
          // would jump about); the server's figure is the average since the start.
          const from = prev.find((p) => sample.at - p.at <= RATE_WINDOW_MS) ?? prev[prev.length - 1];
          if (from && sample.at > from.at) sample.rowsPerSecond = Math.max(0, Math.round(((data.processed - from.processed) * 1000) / (sample.at - from.at)));
          // A tracked batch was active when it was found, so a first event that is already final still counts.
          const wasFinal = e.snapshot.progress ? isFinal(e.snapshot.progress.state) : !e.background;
          this.set(id, { progress: data, samples: [...prev, sample].slice(-MAX_SAMPLES), connection: "live", error: null });
          if (isFinal(data.state) && !wasFinal) e.onFinish?.(data);
        },
        onConnectionStateChange: (s) => {
          if (s.state === "connecting" && e.snapshot.progress) this.set(id, { connection: "reconnecting" });
        },
        onError: (error) => {
          e.stop = null;
          e.failures++;
          const code = (error as { data?: { code?: string } }).data?.code;
          // Errors that a retry cannot fix end the stream; anything else (a dropped connection the
          // link gave up on, a restarting server) is retried with growing pauses.
          if (code === "NOT_FOUND" || code === "UNAUTHORIZED" || code === "FORBIDDEN" || e.failures > MAX_RETRIES) {
            this.set(id, { connection: "error", error });
            this.schedule();
            return;
          }
          this.set(id, { connection: "reconnecting", error });
          e.retryTimer = setTimeout(() => {
            e.retryTimer = null;
            this.schedule();
          }, Math.min(30_000, 1_000 * 2 ** (e.failures - 1)));
        },
        onComplete: () => {
          e.stop = null;
          const last = e.snapshot.progress;
          if (last && isFinal(last.state)) {
            this.set(id, { connection: "ended" });
            this.schedule();
            return;
          }
          // Ended by the server while the batch is unfinished: carry on from the last event.
          this.set(id, { connection: "waiting" });
          e.retryTimer = setTimeout(
            () => {
              e.retryTimer = null;
              this.schedule();
            },
            last && MOVING.has(last.state) ? 0 : QUIET_RECHECK_MS,
          );
        },
      },
    );
    e.stop = () => sub.unsubscribe();
  }

  private close(id: string) {
    const e = this.entries.get(id);
    if (!e?.stop) return;
    e.stop();
    e.stop = null;
    if (e.snapshot.connection !== "ended") this.set(id, { connection: "waiting" });
  }

  /** Opens streams for the most wanted batches, on screen first, within the cap. */
  private schedule() {
    const wanted = [...this.entries.entries()]
      .filter(([, e]) => (e.foreground > 0 || e.background) && e.snapshot.connection !== "ended" && e.snapshot.connection !== "error")
      .sort(([, a], [, b]) => b.foreground - a.foreground);
    const keep = new Set(wanted.slice(0, MAX_STREAMS).map(([id]) => id));
    for (const [id, e] of this.entries) if (e.stop && !keep.has(id)) this.close(id);
    for (const id of keep) this.open(id);
  }

  /** Shows a batch's progress: `listener` runs on every change. Returns the unsubscribe. */
  watch(id: string, listener: () => void): () => void {
    const e = this.entry(id);
    e.listeners.add(listener);
    e.foreground++;
    if (e.idleTimer) clearTimeout(e.idleTimer);
    e.idleTimer = null;
    // Retry a stream that failed when someone looks again.
    if (e.snapshot.connection === "error") {
      e.failures = 0;
      e.snapshot = { ...e.snapshot, connection: "waiting" };
    }
    this.schedule();
    return () => {
      e.listeners.delete(listener);
      e.foreground--;
      // Linger briefly: moving between pages should not drop and reopen the stream.
      e.idleTimer = setTimeout(() => this.schedule(), LINGER_MS);
    };
  }

  /** Keeps following a batch in the background until it finishes, then calls `onFinish` once. */
  track(id: string, onFinish: (p: BatchProgress) => void) {
    const e = this.entry(id);
    if (e.background || e.snapshot.connection === "ended") return;
    e.background = true;
    e.onFinish = (p) => {
      e.background = false;
      onFinish(p);
    };
    this.schedule();
  }

  isTracked(id: string): boolean {
    return this.entries.get(id)?.background ?? false;
  }
}
