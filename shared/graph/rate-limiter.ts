/**
 * A sliding-window limiter for Graph's reporting APIs (directory audits, authentication-method
 * registration details), which allow 5 requests per 10 seconds per app per tenant; going faster
 * only buys 429s. https://learn.microsoft.com/graph/throttling-limits#identity-and-access-reports-service-limits
 *
 * Guarantee: no closed interval of `windowMs` contains more than `limit` acquisitions. Callers are
 * served in order. The clock is injectable so tests run in virtual time.
 */
export interface RateLimiter {
  /** Resolves when one more request may be sent now. */
  acquire(): Promise<void>;
  /**
   * Sends one request under the limit and knows when it finished: a limiter shared across
   * processes counts the use until then (shared/store/shared-rate.ts), so the time between its
   * slot and the request reaching the service cannot squeeze two windows' worth together.
   */
  schedule?<T>(send: () => Promise<T>): Promise<T>;
  /**
   * Takes the next turn and resolves with how long to wait before sending (ms): a limiter in front
   * of another (shared-rate.ts) lets its own queue go on meanwhile instead of waiting in it.
   */
  reserve?(): Promise<number>;
}

/** Runs `send` under `limiter`: its `schedule` when it has one, else `acquire` then send. */
export function limited<T>(limiter: RateLimiter, send: () => Promise<T>): Promise<T> {
  return limiter.schedule ? limiter.schedule(send) : limiter.acquire().then(send);
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SlidingWindowOptions {
  limit?: number;
  windowMs?: number;
  clock?: Clock;
}

export class SlidingWindowRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  /** Times of the acquisitions still inside the window, oldest first. */
  private readonly recent: number[] = [];
  /** Serialises waiters so concurrent callers cannot take the same free slot. */
  private tail: Promise<void> = Promise.resolve();

  constructor(options: SlidingWindowOptions = {}) {
    this.limit = options.limit ?? 5;
    this.windowMs = options.windowMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(this.windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.takeSlot());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async takeSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      // Strictly older than the window: an acquisition exactly windowMs ago still counts.
      while (this.recent.length > 0 && now - this.recent[0]! > this.windowMs) this.recent.shift();
      if (this.recent.length < this.limit) {
        this.recent.push(now);
        return;
      }
      await this.clock.sleep(this.recent[0]! + this.windowMs + 1 - now);
    }
  }
}
