/**
 * A rate limit that holds across every instance sharing one storage account (TimeSlots), with an
 * in-process limiter in front: this process's callers first queue locally (no storage round trip
 * to decide among themselves, and only one of them at a time asks storage), then claim a shared
 * slot. Used for Graph's reports (5 per 10 s per app per tenant, not per process) and the NetBird
 * write budget (NETBIRD_WRITES_PER_SECOND for the whole app, not per instance).
 *
 * With `priorities`, callers are served by priority (most urgent first) instead of in arrival order,
 * and a claimer below the top priority also yields to more urgent uses other instances made of the
 * budget within the window: the NetBird write budget serves blocks before quarantine before cleanup
 * across instances too (shared/netbird/write-priority.ts).
 *
 * If storage cannot be reached, the call goes ahead under the local limit alone and the failure
 * is logged: a diagnostics command should not fail because the budget table is unreachable, and
 * the ceiling then degrades to "per instance", which is what it was before.
 */
import { randomUUID } from 'node:crypto';
import type { RateLimiter } from '../graph/rate-limiter.js';
import { errorMessage } from '../errors.js';
import { PriorityGate } from '../http/priority-gate.js';
import { silentLogger, type Logger } from '../logger.js';
import { keySafe } from './keys.js';
import { EntityTable } from './table.js';
import { tableName } from './tables.js';
import { TimeSlots, timeSlotSchema, type TimeSlot } from './time-slots.js';

/** This process, as written on the slots it claims. */
export const PROCESS_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

export interface SharedRateOptions {
  /** The budget's name: one partition per name (e.g. `graph-reports:<tenant>`). */
  key: string;
  count: number;
  windowMs: number;
  marginMs?: number;
  local?: RateLimiter;
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Who claims, as written on the slots; default this process (tests simulate two instances in one). */
  by?: string;
  /** The caller's priority, read when it asks (higher first), and the highest there is. */
  priorities?: { of: () => number; top: number };
}

type Claim = { slot: number; etag: string; priority?: number };
const YIELD = Symbol('yield');

const tables = new Map<string, EntityTable<TimeSlot>>();

/** The TimeSlots table for a connection string, opened once per process. */
export function timeSlotsTable(connectionString: string): EntityTable<TimeSlot> {
  let t = tables.get(connectionString);
  if (!t) {
    t = EntityTable.fromConnectionString(connectionString, tableName('timeSlots'), {
      schema: timeSlotSchema,
      indexed: ['at'],
    });
    tables.set(connectionString, t);
  }
  return t;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SharedRateLimiter implements RateLimiter {
  private readonly slots: TimeSlots;
  private readonly log: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** This process's callers, one at a time to storage, the most urgent first. */
  private readonly gate = new PriorityGate();
  /** Callers of a priority below the top wait until then (mustYield), by priority. */
  private readonly yieldUntil = new Map<number, number>();

  private readonly by: string;
  /**
   * Slots claimed for callers queued in `gate` (claimMany), taken in the gate's order. At most a
   * quarter of the budget at once, so one instance's queue does not take every slot of a window.
   * A slot claimed early and used a little later is fine: the use is restamped when it finishes,
   * and nobody else may claim the slot within a window of the claim. Used later than half a window,
   * it is dropped instead (takeClaimed), since by then another instance could claim it.
   */
  private readonly claimed: { slot: number; etag: string; at: number }[] = [];
  private readonly batchMax: number;

  constructor(
    table: EntityTable<TimeSlot>,
    private readonly options: SharedRateOptions,
  ) {
    this.by = options.by ?? PROCESS_ID;
    this.now = options.now ?? Date.now;
    this.slots = new TimeSlots(table, `rate-${keySafe(options.key)}`, {
      count: options.count,
      windowMs: options.windowMs,
      marginMs: options.marginMs,
      now: this.now,
      by: this.by,
    });
    this.log = (options.logger ?? silentLogger).child({ rateLimit: options.key });
    this.sleep = options.sleep ?? defaultSleep;
    this.batchMax = Math.max(1, Math.floor(options.count / 4));
  }

  async acquire(): Promise<void> {
    await this.turn();
  }

  /** Sends under the limit; the slot counts until `send` has finished (TimeSlots.restamp). */
  async schedule<T>(send: () => Promise<T>): Promise<T> {
    const claim = await this.turn();
    try {
      return await send();
    } finally {
      if (claim)
        await this.slots
          .restamp(claim.slot, claim.etag, claim.priority)
          .catch((err: unknown) => this.log.warn('could not restamp a rate slot', { error: errorMessage(err) }));
    }
  }

  private async turn(): Promise<Claim | undefined> {
    // The priority is the caller's: read now, in its context, not when its turn comes.
    const priority = this.options.priorities?.of();
    for (;;) {
      const taken = await this.gate.run(priority ?? 0, () => this.take(priority));
      if (taken !== YIELD) {
        // The rest of this process's spacing is waited out of the gate (WriteRateLimiter.reserve).
        if (taken.wait > 0) await this.sleep(taken.wait);
        return taken.claim;
      }
      // Out of the gate while yielding, so a more urgent caller of this process goes first.
      await this.sleep(Math.max(1, (this.yieldUntil.get(priority ?? 0) ?? 0) - this.now()));
    }
  }

  /** This process's own spacing: once its turn is taken, how long is still left to wait (ms). */
  private async spacing(): Promise<() => number> {
    const local = this.options.local;
    if (!local) return () => 0;
    const wait = local.reserve ? await local.reserve() : await local.acquire().then(() => 0);
    const until = performance.now() + wait;
    return () => Math.max(0, until - performance.now());
  }

  private async take(priority: number | undefined): Promise<{ claim: Claim | undefined; wait: number } | typeof YIELD> {
    try {
      if (await this.mustYield(priority)) return YIELD;
    } catch (err) {
      this.log.warn("shared rate limit unavailable: going ahead under this instance's limit only", {
        error: errorMessage(err),
      });
      return { claim: undefined, wait: (await this.spacing())() };
    }
    const withPriority = (c: { slot: number; etag: string }): Claim =>
      priority !== undefined ? { ...c, priority } : c;
    // Taken alongside the first storage round below, not before it, so a round does not add its
    // round trips to the spacing of the write that needs one.
    const spaced = this.spacing();
    for (;;) {
      const ready = this.takeClaimed();
      if (ready) return { claim: withPriority(ready), wait: (await spaced)() };
      await Promise.resolve(); // callers that asked in the same tick as this one are queued by now: they join this round
      let result;
      const asked = this.now(); // no slot below is stamped earlier
      try {
        // This caller's slot and one for each caller queued behind it at its priority or above,
        // in one storage round (TimeSlots.claimMany); the others take theirs from `claimed`.
        const wanted = Math.min(this.batchMax, 1 + this.gate.waitingAtLeast(priority ?? 0));
        [result] = await Promise.all([this.slots.claimMany(wanted, priority), spaced]);
      } catch (err) {
        this.log.warn("shared rate limit unavailable: going ahead under this instance's limit only", {
          error: errorMessage(err),
        });
        return { claim: undefined, wait: (await spaced)() };
      }
      if (result.claimed) {
        const [mine, ...rest] = result.slots;
        this.claimed.push(...rest.map((c) => ({ ...c, at: asked })));
        return { claim: withPriority(mine!), wait: (await spaced)() };
      }
      // A little jitter so instances waiting for the same slot do not all ask at the same instant.
      await this.sleep(Math.max(1, result.freeAt - this.now()) + Math.random() * 10);
    }
  }

  /** The oldest slot claimed ahead for a queued caller, if still fresh enough to use. */
  private takeClaimed(): { slot: number; etag: string } | undefined {
    for (let c = this.claimed.shift(); c; c = this.claimed.shift())
      if (this.now() - c.at < this.slots.windowMs / 2) return { slot: c.slot, etag: c.etag };
    return undefined;
  }

  /**
   * Below the top priority: whether another instance used the budget for more urgent work within
   * the window (it likely has more of it queued). Then every caller below the top waits a slot
   * interval before asking again; one storage query answers for all of them meanwhile.
   */
  private async mustYield(priority: number | undefined): Promise<boolean> {
    const top = this.options.priorities?.top;
    if (priority === undefined || top === undefined || priority >= top) return false;
    if (this.now() < (this.yieldUntil.get(priority) ?? 0)) return true;
    const rows = await this.slots.inUse();
    if (!rows.some((r) => (r.value.priority ?? 0) > priority && r.value.by !== this.by)) return false;
    this.yieldUntil.set(priority, this.now() + this.slots.windowMs / this.slots.count);
    return true;
  }
}
