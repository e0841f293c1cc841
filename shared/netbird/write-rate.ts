/**
 * Keeps this process's writes to NetBird (POST, PUT, DELETE...) under a configured rate
 * (NETBIRD_WRITES_PER_SECOND), so a burst of leavers cannot flood the management server: the
 * management API has no documented rate limit of its own and every write re-computes and
 * pushes network maps to connected peers (https://docs.netbird.io/how-to/management-api).
 *
 * Writes are spaced evenly, 1/rate apart; the next slot goes to the most urgent write waiting
 * (write-priority.ts: blocks, then quarantine, then the rest), in the order they asked within one
 * priority; reads pass straight through.
 * The limiter sits above the retrying fetch (see transport.ts), so time spent waiting for a slot
 * does not eat into a request's timeout; a retry of a write does not take a new slot (retries are
 * already spaced by backoff). On its own it is per process; services.ts puts it in front of a
 * budget shared through storage (shared/store/shared-rate.ts), so the ceiling holds across instances.
 */
import type { FetchLike } from '../http/retry.js';
import { PriorityGate } from '../http/priority-gate.js';
import { currentWritePriority, noteWriteWaiting } from './write-priority.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isWrite = (method: string): boolean => !READS.has(method.toUpperCase());

/** Anything a write can wait for: this class, or the shared budget. */
export interface WriteLimiter {
  acquire(): Promise<void>;
  /** See RateLimiter.schedule (shared/graph/rate-limiter.ts): counts the write until it finished. */
  schedule?<T>(send: () => Promise<T>): Promise<T>;
}

export class WriteRateLimiter implements WriteLimiter {
  private readonly intervalMs: number;
  private nextSlot = 0;
  /** One waiter at a time takes the next slot, so a later, more urgent write can overtake. */
  private readonly gate = new PriorityGate();

  constructor(
    writesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(writesPerSecond > 0)) throw new RangeError('writesPerSecond must be positive');
    this.intervalMs = 1000 / writesPerSecond;
  }

  /** Resolves when this write may be sent (its priority: the caller's, see write-priority.ts). */
  acquire(): Promise<void> {
    return this.gate.run(currentWritePriority(), () => this.take());
  }

  private async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    const wait = slot - now;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A fetch that waits for the limiter before every write. */
export function rateLimitedWrites(fetch: FetchLike, limiter: WriteLimiter): FetchLike {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (!isWrite(method)) return fetch(input, init);
    const started = noteWriteWaiting(currentWritePriority());
    const send = () => {
      started();
      return fetch(input, init);
    };
    try {
      return await (limiter.schedule ? limiter.schedule(send) : limiter.acquire().then(send));
    } finally {
      started();
    }
  };
}
