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
  async acquire(): Promise<void> {
    const wait = await this.reserve();
    if (wait > 0) await sleep(wait);
  }

  /**
   * Takes the next slot and resolves with the time left until it (ms), once at most HORIZON_MS is
   * left: the gate then goes on to the next waiter while this one waits out the rest on its own.
   *
   * Why: a write's turn reaches it through the gate and a timer, and under load (a burst, with the
   * process busy) each of those steps comes late. When the next waiter could only start once the
   * previous slot's timer had fired, every write paid that lateness: in the burst bench (issue 15)
   * blocks waiting for a 50 per second budget went out at 30 to 40 per second. Waiting out the last
   * HORIZON_MS outside the gate lets that lateness overlap the other waits (36 to 45 per second
   * then, from run to run). A more urgent write still overtakes every waiter not yet this close to its slot.
   */
  reserve(): Promise<number> {
    return this.gate.run(currentWritePriority(), () => this.take());
  }

  /**
   * Slots lie on a grid 1/rate apart while writes keep coming: a write that reaches its turn a
   * little late (a busy event loop, a storage round in front of it) takes its slot although the slot
   * has passed, so the lateness does not push back every write after it (before, each late turn
   * started the grid again at now, and the lateness was lost for good). No write goes before its
   * slot, and slots stay 1/rate apart; after a pause longer than one slot the grid starts again at now.
   */
  private async take(): Promise<number> {
    const now = this.now();
    const slot = this.nextSlot < now - this.intervalMs ? now : this.nextSlot;
    this.nextSlot = slot + this.intervalMs;
    const early = slot - now - HORIZON_MS;
    if (early > 0) await sleep(early);
    return Math.max(0, slot - this.now());
  }
}

/** How close to its slot a write leaves the gate (see WriteRateLimiter.reserve). */
const HORIZON_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
