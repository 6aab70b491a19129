/**
 * Politeness per host: at most `concurrency` requests in flight, at least `delayMs` between two
 * request starts, and a pause of the whole host after a 429 (every request to it waits, not only
 * the one that was throttled).
 */
export interface HostPolicy {
  concurrency: number;
  delayMs: number;
}

export class HostLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private lastStart = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  /** Highest number of requests in flight at once (the tests check the limit holds). */
  peak = 0;

  constructor(
    private readonly policy: HostPolicy,
    private readonly signal?: AbortSignal,
  ) {}

  /** Makes every request to this host wait until `until` (epoch ms). */
  pause(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Lets everything waiting go at once. Called when the audit is aborted: the callers see the
   * aborted signal and return without a request, so nobody waits out a pause or a delay.
   */
  release(): void {
    this.released = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const next of this.waiting.splice(0)) {
      this.active++;
      next();
    }
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      return await fn();
    } finally {
      this.active--;
      this.pump();
    }
  }

  private pump(): void {
    if (this.released || this.signal?.aborted) {
      if (this.waiting.length > 0) this.release();
      return;
    }
    if (this.timer) return;
    while (this.waiting.length > 0 && this.active < this.policy.concurrency) {
      const now = Date.now();
      const notBefore = Math.max(this.pausedUntil, this.policy.delayMs > 0 ? this.lastStart + this.policy.delayMs : 0);
      if (notBefore > now) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, notBefore - now);
        return;
      }
      const next = this.waiting.shift()!;
      this.active++;
      if (this.active > this.peak) this.peak = this.active;
      this.lastStart = now;
      next();
    }
  }
}
