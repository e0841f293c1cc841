/**
 * A budget of `count` uses per `windowMs`, shared by every process on one storage account: the
 * Graph reports limit (5 per 10 s per tenant), the NetBird write budget, the blast-radius window.
 *
 * Each use claims one of `count` slot rows, and a slot can be claimed again only once its last use
 * is more than `windowMs` old. So no interval of `windowMs` holds more than `count` uses, across
 * all instances. Claiming is an ETag write on that one row (insert when it has never been used),
 * so a lost race costs one retry on another slot, never a lost or doubled use. Why not one counter
 * row: every use of a burst would then write the same row and queue behind the others' ETags;
 * here claimers start at a random slot and spread over `count` rows.
 *
 * `marginMs` widens the window by the time between claiming and the use reaching the service
 * (a storage round trip), so wire times keep the guarantee too, not just claim times.
 */
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors.js';
import { tableFilter, type EntityTable, type Row } from './table.js';

export const timeSlotSchema = z.object({
  /** When the slot was last used (ISO). Indexed: "slots in use" is one query. */
  at: z.iso.datetime({ offset: true }),
  /** Who used it (a process id), for diagnostics. */
  by: z.string().max(200).optional(),
  /** How urgent the use was (shared-rate.ts: a less urgent claimer elsewhere yields to it). */
  priority: z.number().int().min(0).max(100).optional(),
});
export type TimeSlot = z.infer<typeof timeSlotSchema>;

export type ClaimResult = { claimed: true; slot: number; etag: string } | { claimed: false; freeAt: number };
/** Slots claimed together (claimMany): at least one, or none and when the first frees up. */
export type ClaimManyResult =
  { claimed: true; slots: { slot: number; etag: string }[] } | { claimed: false; freeAt: number };

export interface TimeSlotsOptions {
  count: number;
  windowMs: number;
  marginMs?: number;
  now?: () => number;
  /** Who is claiming; stored on the row. */
  by?: string;
}

const slotKey = (i: number) => `slot-${String(i).padStart(6, '0')}`;
/** Random probes before listing the partition: when most slots are free, one probe is enough. */
const PROBES = 3;
/** claimMany reads every slot row of the partition: only for budgets this small. */
const READ_ALL_MAX = 200;

export class TimeSlots {
  readonly count: number;
  readonly windowMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(
    private readonly table: EntityTable<TimeSlot>,
    readonly partition: string,
    private readonly options: TimeSlotsOptions,
  ) {
    if (!Number.isInteger(options.count) || options.count < 1) throw new RangeError('count must be a positive integer');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.count = options.count;
    this.windowMs = options.windowMs;
    this.marginMs = options.marginMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  /** When a slot used at `at` may be used again: once the use is strictly older than the window,
   * so no closed interval of `windowMs` holds more than `count` uses. */
  private freeAt(row: TimeSlot | undefined): number {
    return row ? Date.parse(row.at) + this.windowMs + this.marginMs + 1 : 0;
  }

  /** Claims a free slot now, or says when the first one frees up. */
  async claim(priority?: number): Promise<ClaimResult> {
    // Small budgets (rate limits) read all slots at once; large ones (the blast-radius window,
    // thousands of slots mostly free) try a few random slots first.
    if (this.count > PROBES * 4) {
      for (let i = 0; i < PROBES; i++) {
        const slot = Math.floor(Math.random() * this.count);
        const etag = await this.tryClaim(slot, await this.table.get(this.partition, slotKey(slot)), priority);
        if (etag) return { claimed: true, slot, etag };
      }
    }
    for (;;) {
      const now = this.now();
      const busy = await this.inUse(now);
      const taken = new Map(busy.map((r) => [r.rowKey, r] as const));
      const free: number[] = [];
      for (let i = 0; i < this.count && free.length < 64; i++) if (!taken.has(slotKey(i))) free.push(i);
      if (free.length === 0) return { claimed: false, freeAt: Math.min(...busy.map((r) => this.freeAt(r.value))) };
      const slot = free[Math.floor(Math.random() * free.length)]!;
      // The row may exist (used long ago) or not (never used): read it for its ETag.
      const etag = await this.tryClaim(slot, await this.table.get(this.partition, slotKey(slot)), priority);
      if (etag) return { claimed: true, slot, etag };
    }
  }

  /**
   * Claims up to `wanted` free slots in one storage round: one read of every slot row (with their
   * ETags), then one ETag write per slot, in parallel. A process with several callers waiting takes
   * their slots together instead of one claim (three round trips) after another: with one claim at a
   * time, the round trips and not the budget set the rate (issue 15: 33 ms per claim held a 50 per
   * second NetBird budget to 30). Each slot is still its own ETag write, so the guarantee is claim()'s.
   * Budgets of more than READ_ALL_MAX slots claim one at a time.
   */
  async claimMany(wanted: number, priority?: number): Promise<ClaimManyResult> {
    if (this.count > READ_ALL_MAX || wanted <= 1) {
      const one = await this.claim(priority);
      return one.claimed ? { claimed: true, slots: [{ slot: one.slot, etag: one.etag }] } : one;
    }
    for (;;) {
      const now = this.now();
      const rows = new Map((await this.table.listPartition(this.partition)).map((r) => [r.rowKey, r] as const));
      const free: number[] = [];
      let freeAt = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.count; i++) {
        const at = this.freeAt(rows.get(slotKey(i))?.value);
        if (at <= now) free.push(i);
        else freeAt = Math.min(freeAt, at);
      }
      if (free.length === 0) return { claimed: false, freeAt };
      // Random free slots, so instances claiming at once mostly try different rows.
      for (let i = free.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [free[i], free[j]] = [free[j]!, free[i]!];
      }
      const tried = await Promise.all(
        free.slice(0, wanted).map(async (slot) => {
          const etag = await this.tryClaim(slot, rows.get(slotKey(slot)), priority);
          return etag ? { slot, etag } : undefined;
        }),
      );
      const slots = tried.filter((c) => c !== undefined);
      if (slots.length > 0) return { claimed: true, slots };
    }
  }

  /**
   * Moves a slot's use to now (the request it was claimed for has finished), if nobody claimed it
   * since (`etag` from the claim). Then its next use is a whole window after the request ended,
   * so uses of one slot reach the service more than a window apart whatever the latency.
   */
  async restamp(slot: number, etag: string, priority?: number): Promise<void> {
    const value = this.slotValue(priority);
    try {
      await this.table.update(this.partition, slotKey(slot), value, etag);
    } catch (err) {
      if (!(err instanceof ConflictError || err instanceof NotFoundError)) throw err;
    }
  }

  /** Slots used within the window (plus margin) before `now`. */
  async inUse(now = this.now()): Promise<Row<TimeSlot>[]> {
    const since = new Date(now - this.windowMs - this.marginMs).toISOString();
    const rows = await this.table.query(tableFilter`PartitionKey eq ${this.partition} and at ge ${since}`);
    return rows.filter((r) => this.freeAt(r.value) > now && Number(r.rowKey.slice(5)) < this.count);
  }

  /** The new ETag when claimed, undefined when the slot is busy or someone else got it first. */
  private async tryClaim(slot: number, row: Row<TimeSlot> | undefined, priority?: number): Promise<string | undefined> {
    if (row && this.freeAt(row.value) > this.now()) return undefined;
    const value = this.slotValue(priority);
    try {
      return row
        ? await this.table.update(this.partition, slotKey(slot), value, row.etag)
        : await this.table.insert(this.partition, slotKey(slot), value);
    } catch (err) {
      if (err instanceof ConflictError || err instanceof NotFoundError) return undefined; // someone else got it first
      throw err;
    }
  }

  private slotValue(priority?: number): TimeSlot {
    return {
      at: new Date(this.now()).toISOString(),
      ...(this.options.by ? { by: this.options.by } : {}),
      ...(priority !== undefined ? { priority } : {}),
    };
  }
}
