/**
 * A rate limit that holds across every instance sharing one storage account (TimeSlots), with an
 * in-process limiter in front: this process's callers first queue locally (no storage round trip
 * to decide among themselves, and only one of them at a time asks storage), then claim a shared
 * slot. Used for Graph's reports (5 per 10 s per app per tenant, not per process) and the NetBird
 * write budget (NETBIRD_WRITES_PER_SECOND for the whole app, not per instance).
 *
 * If storage cannot be reached, the call goes ahead under the local limit alone and the failure
 * is logged: a diagnostics command should not fail because the budget table is unreachable, and
 * the ceiling then degrades to "per instance", which is what it was before.
 */
import { randomUUID } from 'node:crypto';
import type { RateLimiter } from '../graph/rate-limiter.js';
import { errorMessage } from '../errors.js';
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
}

const tables = new Map<string, EntityTable<TimeSlot>>();

/** The TimeSlots table for a connection string, opened once per process. */
export function timeSlotsTable(connectionString: string): EntityTable<TimeSlot> {
  let t = tables.get(connectionString);
  if (!t) {
    t = EntityTable.fromConnectionString(connectionString, tableName('timeSlots'), { schema: timeSlotSchema, indexed: ['at'] });
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
  private tail: Promise<void> = Promise.resolve();

  constructor(table: EntityTable<TimeSlot>, private readonly options: SharedRateOptions) {
    this.now = options.now ?? Date.now;
    this.slots = new TimeSlots(table, `rate-${keySafe(options.key)}`, { count: options.count, windowMs: options.windowMs, marginMs: options.marginMs, now: this.now, by: PROCESS_ID });
    this.log = (options.logger ?? silentLogger).child({ rateLimit: options.key });
    this.sleep = options.sleep ?? defaultSleep;
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
      if (claim) await this.slots.restamp(claim.slot, claim.etag).catch((err: unknown) => this.log.warn('could not restamp a rate slot', { error: errorMessage(err) }));
    }
  }

  private turn(): Promise<{ slot: number; etag: string } | undefined> {
    const turn = this.tail.then(() => this.take());
    this.tail = turn.then(() => undefined, () => undefined);
    return turn;
  }

  private async take(): Promise<{ slot: number; etag: string } | undefined> {
    await this.options.local?.acquire();
    for (;;) {
      let result;
      try {
        result = await this.slots.claim();
      } catch (err) {
        this.log.warn('shared rate limit unavailable: going ahead under this instance\'s limit only', { error: errorMessage(err) });
        return undefined;
      }
      if (result.claimed) return { slot: result.slot, etag: result.etag };
      // A little jitter so instances waiting for the same slot do not all ask at the same instant.
      await this.sleep(Math.max(1, result.freeAt - this.now()) + Math.random() * 10);
    }
  }
}
