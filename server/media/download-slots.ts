import { downloadsPerWorker } from "./limits";

/**
 * The downloads this process runs at once over all its fetches, at most
 * MEDIA_FETCH_DOWNLOADS_PER_WORKER: two fetches of five files each share them, so one worker's
 * outgoing connections, part buffers and part writes stay bounded however many fetches it takes.
 */
class DownloadSlots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  /** Waits for a free slot (or rejects when `signal` aborts first); returns its release, safe to call twice. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    while (this.used >= downloadsPerWorker()) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiting.splice(this.waiting.indexOf(wake), 1);
          reject(signal.reason);
        };
        this.waiting.push(wake);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    }
    signal.throwIfAborted();
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
      this.waiting.shift()?.();
    };
  }

  /** Downloads running now (for tests and logs). */
  get inUse(): number {
    return this.used;
  }
}

export const downloadSlots = new DownloadSlots();
