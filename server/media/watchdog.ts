import type { DownloadLimits } from "./limits";
import { byteSize, duration } from "./units";

/**
 * Stops one download that is not worth waiting for, whatever the source does: nothing arrives for
 * the idle time (before the headers or mid-body), the body averages less than the minimum rate
 * over a window of the idle time (a source dripping a byte every few seconds is never idle), or
 * the download outlives its deadline. `signal` aborts with the reason in `failure`.
 */
export class DownloadWatchdog {
  private readonly controller = new AbortController();
  private idleTimer: NodeJS.Timeout | undefined;
  private rateTimer: NodeJS.Timeout | undefined;
  private readonly deadlineTimer: NodeJS.Timeout;
  private windowBytes = 0;
  private reason: string | null = null;

  constructor(private readonly limits: DownloadLimits) {
    this.deadlineTimer = setTimeout(
      () => this.fail(`The download took longer than ${duration(limits.deadlineMs)}, the most one download may take, so it was stopped.`),
      limits.deadlineMs,
    );
    this.poke();
  }

  /** Aborted once the download should stop; `failure` says why. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the download was stopped, for the user; null while it may go on. */
  get failure(): string | null {
    return this.reason;
  }

  /** The headers arrived: from now on the body must keep up the minimum rate. */
  bodyStarted(): void {
    this.poke();
    const { idleMs, minBytesPerSecond } = this.limits;
    if (minBytesPerSecond === 0 || this.rateTimer) return;
    const needed = Math.ceil((minBytesPerSecond * idleMs) / 1000);
    this.rateTimer = setInterval(() => {
      if (this.windowBytes < needed) {
        this.fail(`Only ${byteSize(this.windowBytes)} arrived in ${duration(idleMs)}, less than the ${byteSize(minBytesPerSecond)}/s a download must keep up, so it was stopped.`);
      }
      this.windowBytes = 0;
    }, idleMs);
  }

  /** `n` bytes arrived from the source. */
  received(n: number): void {
    this.windowBytes += n;
    this.poke();
  }

  stop(): void {
    clearTimeout(this.idleTimer);
    clearInterval(this.rateTimer);
    clearTimeout(this.deadlineTimer);
  }

  private poke(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.fail(`No data arrived for ${duration(this.limits.idleMs)}, so the download was stopped.`), this.limits.idleMs);
  }

  private fail(reason: string): void {
    if (this.reason) return;
    this.reason = reason;
    this.stop();
    this.controller.abort(new Error(reason));
  }
}
