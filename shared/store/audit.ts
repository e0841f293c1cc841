/**
 * The audit trail: append-only, listable in time order per correlation id (one offboarding case,
 * one command) and per user.
 *
 * Keys (one table, two partition families; each event is written to both):
 *   PartitionKey `c_<correlationId>` and, when the event names a user, `u_<userId>`
 *   RowKey       `<at>_<id>`: `at` is `Date.toISOString()` (fixed width, so string order is time
 *                order), `id` makes it unique and, from `auditStamp()`, keeps same-millisecond
 *                events of one process in the order they were stamped.
 * Why: Table storage returns a partition in RowKey order, so both listings are single-partition
 * range reads (`since`/`until` become RowKey bounds) instead of table scans. That is the
 * inter-partition secondary index pattern; the two inserts are not atomic, so `append` is
 * idempotent per (at, id) and a retried append fills in whichever row is missing.
 * https://learn.microsoft.com/azure/storage/tables/table-storage-design-patterns#inter-partition-secondary-index-pattern
 * Ascending rather than inverted timestamps: a trail reads oldest-first, and `since` keeps the
 * "recent events" read small.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConflictError } from '../errors.js';
import { keySafe } from './keys.js';
import { andFilters, tableFilter, type EntityTable, type TableFilter } from './table.js';

/** `Date.toISOString()` output exactly: fixed width, UTC, milliseconds. */
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The fields every audit event carries; extend it with the event's own (`auditEnvelopeSchema.extend({...})`). */
export const auditEnvelopeSchema = z.object({
  id: z.string().min(1).max(200),
  at: z.string().regex(ISO_MILLIS, 'must be Date.toISOString() output'),
  correlationId: z.string().min(1).max(400),
  userId: z.string().min(1).max(400).optional(),
});
export type AuditEnvelope = z.infer<typeof auditEnvelopeSchema>;

let sequence = 0;

/** A fresh `{ id, at }` for an event. Spread it into the event: `{ ...auditStamp(), correlationId, … }`. */
export function auditStamp(now: Date = new Date()): { id: string; at: string } {
  sequence = (sequence + 1) % 1_000_000;
  return { at: now.toISOString(), id: `${String(sequence).padStart(6, '0')}-${randomUUID()}` };
}

export interface AuditRange {
  /** Inclusive lower bound, an ISO timestamp. */
  since?: string;
  /** Exclusive upper bound, an ISO timestamp. */
  until?: string;
  limit?: number;
}

export const auditPartition = {
  correlation: (correlationId: string) => `c_${keySafe(correlationId)}`,
  user: (userId: string) => `u_${keySafe(userId)}`,
};
export const auditRowKey = (event: AuditEnvelope) => `${event.at}_${keySafe(event.id)}`;

/** Only append and list: no update or delete is offered, so the trail cannot be rewritten through it. */
export class AuditLog<E extends AuditEnvelope> {
  constructor(private readonly table: EntityTable<E>) {}

  get name(): string {
    return this.table.name;
  }

  ensure(): Promise<void> {
    return this.table.ensure();
  }

  /** Records `event`. Returns false when it was already recorded (a retried append). */
  async append(event: E): Promise<boolean> {
    const rowKey = auditRowKey(event);
    const appended = await this.insertOnce(auditPartition.correlation(event.correlationId), rowKey, event);
    if (event.userId) await this.insertOnce(auditPartition.user(event.userId), rowKey, event);
    return appended;
  }

  listByCorrelation(correlationId: string, range: AuditRange = {}): Promise<E[]> {
    return this.list(auditPartition.correlation(correlationId), range);
  }

  listByUser(userId: string, range: AuditRange = {}): Promise<E[]> {
    return this.list(auditPartition.user(userId), range);
  }

  private async insertOnce(partitionKey: string, rowKey: string, event: E): Promise<boolean> {
    try {
      await this.table.insert(partitionKey, rowKey, event);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  private async list(partitionKey: string, range: AuditRange): Promise<E[]> {
    const parts: TableFilter[] = [tableFilter`PartitionKey eq ${partitionKey}`];
    if (range.since) parts.push(tableFilter`RowKey ge ${range.since}`);
    if (range.until) parts.push(tableFilter`RowKey lt ${range.until}`);
    const rows = await this.table.query(andFilters(...parts), { limit: range.limit });
    return rows.map((r) => r.value);
  }
}
