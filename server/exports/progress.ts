import { ThrottledProgress } from "../batches/single-job";

/** An export's progress: the exact row count once its snapshot is taken, then rows written. */
export class ExportProgress extends ThrottledProgress {
  /** Records the exact row count once the export's snapshot is taken. */
  async setTotal(total: number): Promise<void> {
    await this.report({ total });
  }

  /** Reports `processed` rows if the last write is at least an interval old; never blocks the stream. */
  tick(processed: number): void {
    this.throttle(() => this.report({ processed, succeeded: processed }));
  }
}
