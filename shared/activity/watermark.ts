/**
 * The feed's high-water mark, in one Table Storage row (table ActivityFeed, PK `feed`, RK
 * `watermark`): the newest event time seen, and the ids of the events seen in the grace window
 * before it. The audit log has no paging or filter, so each run reads it whole and keeps what is
 * newer than the mark or, inside the window, not yet seen. The window is there because NetBird
 * stores events asynchronously: an event stamped a little earlier can appear after a later one.
 * Ids older than the window expire from the row, so it stays small.
 */
import { z } from 'zod';
import type { NetBirdEvent } from '../netbird/types.js';
import { EntityTable } from '../store/table.js';
import { tableName } from '../store/tables.js';

/** How far before the newest event seen a late event is still picked up (and ids remembered). */
export const GRACE_MS = 10 * 60_000;
/** The audit log answers at most 10,000 events, so no window can hold more ids. */
const MAX_SEEN = 10_000;

export const watermarkSchema = z.object({
  /** The newest event time seen (ISO). */
  latest: z.iso.datetime({ offset: true }),
  /** Ids of the events seen at or after `latest` minus the grace window. */
  seen: z.array(z.string()).max(MAX_SEEN),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Watermark = z.infer<typeof watermarkSchema>;

export const WATERMARK_PARTITION = 'feed';
export const WATERMARK_ROW = 'watermark';

export function watermarkTable(connectionString: string, prefix = ''): EntityTable<Watermark> {
  return EntityTable.fromConnectionString(connectionString, tableName('activityFeed', prefix), {
    schema: watermarkSchema,
  });
}

const time = (iso: string): number => Date.parse(iso);

/**
 * The events not yet seen, oldest first. Without a mark (the first run) that is the events since
 * `firstRunSince`: the feed starts from the recent past, not from the 10,000 events of history.
 */
export function unseen(
  events: readonly NetBirdEvent[],
  mark: Watermark | undefined,
  firstRunSince: Date,
): NetBirdEvent[] {
  const floor = mark ? time(mark.latest) - GRACE_MS : firstRunSince.getTime();
  const seen = new Set(mark?.seen ?? []);
  const fresh = events.filter((e) => time(e.timestamp) >= floor && !seen.has(e.id));
  // Unique by id: a list read while NetBird writes can repeat an event.
  const byId = new Map(fresh.map((e) => [e.id, e]));
  return [...byId.values()].sort((a, b) => time(a.timestamp) - time(b.timestamp));
}

/** The mark after a run that saw `events` (the whole answer, not only those posted). */
export function advance(
  events: readonly NetBirdEvent[],
  mark: Watermark | undefined,
  now: Date,
): Watermark | undefined {
  let latest = mark ? time(mark.latest) : Number.NEGATIVE_INFINITY;
  for (const e of events) latest = Math.max(latest, time(e.timestamp));
  if (!Number.isFinite(latest)) return mark;
  const floor = latest - GRACE_MS;
  // The answer holds every event of the window (10,000 events in 10 minutes aside), so the ids it
  // lists there are all the mark needs; older ids expire here.
  const ids = new Set<string>();
  for (const e of events) if (time(e.timestamp) >= floor) ids.add(e.id);
  const seen = [...ids].slice(-MAX_SEEN);
  return { latest: new Date(latest).toISOString(), seen, updatedAt: now.toISOString() };
}
