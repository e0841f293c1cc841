/**
 * `events [user|device|type] [hours]`: the audit log's events of the last hours that match a
 * filter, newest first. Every type is shown (also this app's own writes: IT looks things up
 * here), and the filter is matched case-insensitively against who did it, what was changed
 * (names, emails, ids in the event) and the activity code or message, so `alice@contoso.com`,
 * `LAPTOP-42`, `policy` and `setupkey.add` all work.
 */
import type { Logger } from '../logger.js';
import { describeEvent } from './describe.js';
import { directoryFor, type DirectoryReader } from './directory.js';
import { readEvents } from './events.js';
import type { ActivityEventsView, ActivityItem } from './types.js';

export const DEFAULT_HOURS = 24;
/** A week: NetBird keeps only the newest 10,000 events, a busy network fewer days than that. */
export const MAX_HOURS = 168;

export interface RecentEventsQuery {
  filter: string | undefined;
  hours: number;
}

function haystack(item: ActivityItem, raw: { initiator_id: string; target_id: string; activity: string }): string {
  return [
    item.who,
    item.target,
    item.what,
    item.code,
    raw.initiator_id,
    raw.target_id,
    raw.activity,
    ...item.facts.map((f) => f.value),
  ]
    .join('\n')
    .toLowerCase();
}

export async function recentEvents(
  netbird: DirectoryReader & { listAuditEvents(): Promise<readonly unknown[]> },
  query: RecentEventsQuery,
  now: Date,
  logger: Logger,
): Promise<ActivityEventsView> {
  const since = now.getTime() - query.hours * 3_600_000;
  const { events } = await readEvents(netbird);
  const window = events
    .filter((e) => Date.parse(e.timestamp) >= since)
    .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const dir = window.length ? await directoryFor(netbird, window, logger) : {};
  const wanted = query.filter?.toLowerCase();
  const items = window
    .map((e) => ({ e, item: describeEvent(e, dir) }))
    .filter(({ e, item }) => !wanted || haystack(item, e).includes(wanted))
    .map(({ item }) => item);
  return { kind: 'activity-events', filter: query.filter, hours: query.hours, scanned: window.length, items };
}
