/**
 * The activity feed (functions/netbird-activity.ts, every ACTIVITY_SCHEDULE): NetBird CE records
 * every change in its audit log but streams it nowhere, so each run reads the log, keeps what is
 * new since the high-water mark (watermark.ts), drops the event types IT did not ask for and the
 * changes this app made itself, and posts what is left as one card.
 *
 * Once across instances and restarts: a run holds a lease (shared/store/lease.ts) for its whole
 * read-post-save; a second instance's run finds it held and skips (the next run picks up whatever
 * arrived meanwhile). The mark lives in Table Storage, so a new process starts where the last one
 * stopped. The card is posted before the mark is saved: a failed post leaves the mark where it was
 * and the next run posts the batch again; a crash between the post and the save (seconds) is the
 * only way a batch is posted twice, and no crash loses one.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { NetBirdEvent } from '../netbird/types.js';
import { LeaseTimeoutError, withLease, type HeldLease, type Lease } from '../store/lease.js';
import type { EntityTable } from '../store/table.js';
import { eventTypeFilter, wanted } from './codes.js';
import { describeEvent } from './describe.js';
import { appInitiators, directoryFor, type DirectoryReader } from './directory.js';
import { readEvents } from './events.js';
import type { ActivitySettings } from './settings.js';
import type { ActivityFeedView, ActivityItem } from './types.js';
import { advance, unseen, WATERMARK_PARTITION, WATERMARK_ROW, type Watermark } from './watermark.js';

export const FEED_LEASE = { partition: 'activity', name: 'feed' } as const;
/** A dead holder blocks the feed this long at most; a live one renews (the run takes seconds). */
const LEASE_TTL_MS = 2 * 60_000;

export interface ActivityFeedDeps {
  /** The read-only client: the audit log, and names (users, setup keys, policies). */
  netbird: DirectoryReader & { listAuditEvents(): Promise<readonly unknown[]> };
  /** The admin client, only to learn which service user its token is. */
  netbirdAdmin: Pick<DirectoryReader, 'listUsers'>;
  marks: EntityTable<Watermark>;
  leases: EntityTable<Lease>;
  /** Sends the batch to the IT channel (a card built in cards/activity). */
  post(view: ActivityFeedView): Promise<void>;
  logger: Logger;
}

export interface ActivityRunResult {
  outcome: 'posted' | 'nothing-new' | 'busy';
  /** Events on the card (all of them, also those behind "and N more"). */
  posted: number;
  /** New events this app made itself, not announced. */
  own: number;
  /** New events of types not asked for. */
  ignored: number;
}

/** Stand-outs first, then newest first. */
function order(items: ActivityItem[]): ActivityItem[] {
  return items.sort(
    (a, b) => Number(Boolean(b.standOut)) - Number(Boolean(a.standOut)) || Date.parse(b.at) - Date.parse(a.at),
  );
}

export async function runActivityFeed(
  deps: ActivityFeedDeps,
  settings: ActivitySettings,
  options: { now?: Date; owner?: string } = {},
): Promise<ActivityRunResult> {
  const logger = deps.logger.child({ useCase: 'activity-feed' });
  const owner = options.owner ?? `activity:${randomUUID()}`;
  try {
    return await withLease(
      deps.leases,
      FEED_LEASE.partition,
      FEED_LEASE.name,
      owner,
      { ttlMs: LEASE_TTL_MS, waitMs: 0 },
      (lease) => runHeld(deps, settings, options.now ?? new Date(), lease, logger),
    );
  } catch (err) {
    if (!(err instanceof LeaseTimeoutError)) throw err;
    logger.info('activity: another instance is running the feed; skipping this run');
    return { outcome: 'busy', posted: 0, own: 0, ignored: 0 };
  }
}

async function runHeld(
  deps: ActivityFeedDeps,
  settings: ActivitySettings,
  now: Date,
  lease: HeldLease,
  logger: Logger,
): Promise<ActivityRunResult> {
  const row = await deps.marks.get(WATERMARK_PARTITION, WATERMARK_ROW);
  const { events, dropped } = await readEvents(deps.netbird);
  if (dropped) logger.warn('activity: events without an id or a time were skipped', { dropped });
  const fresh = unseen(events, row?.value, new Date(now.getTime() - settings.firstRunMinutes * 60_000));
  const filter = eventTypeFilter(settings.eventTypes);
  const typed = fresh.filter((e) => wanted(filter, e.activity_code));
  let toPost: NetBirdEvent[] = [];
  if (typed.length) {
    const ours = await appInitiators([deps.netbirdAdmin, deps.netbird], settings.appUserIds);
    toPost = typed.filter((e) => !ours.has(e.initiator_id));
  }
  const result: ActivityRunResult = {
    outcome: 'nothing-new',
    posted: toPost.length,
    own: typed.length - toPost.length,
    ignored: fresh.length - typed.length,
  };
  if (toPost.length) {
    const dir = await directoryFor(deps.netbird, toPost, logger);
    const view: ActivityFeedView = { kind: 'activity-feed', items: order(toPost.map((e) => describeEvent(e, dir))) };
    await lease.confirm(); // fenced: no post from a run whose lease was taken over
    await deps.post(view);
    result.outcome = 'posted';
  }
  await saveMark(deps, row, advance(events, row?.value, now), logger);
  logger.info('activity feed', { ...result, fresh: fresh.length });
  return result;
}

async function saveMark(
  deps: ActivityFeedDeps,
  row: { value: Watermark; etag: string } | undefined,
  next: Watermark | undefined,
  logger: Logger,
): Promise<void> {
  if (!next) return;
  if (row && row.value.latest === next.latest && row.value.seen.join() === next.seen.join()) return; // a quiet run writes nothing
  try {
    if (row) await deps.marks.update(WATERMARK_PARTITION, WATERMARK_ROW, next, row.etag);
    else await deps.marks.insert(WATERMARK_PARTITION, WATERMARK_ROW, next);
  } catch (err) {
    // Only a holder that lost its lease gets here; the newer holder's mark stands.
    if (!(err instanceof ConflictError)) throw err;
    logger.warn('activity: the mark was moved by another run; keeping theirs', { error: errorMessage(err) });
  }
}
