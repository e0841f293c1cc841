/** `events [user|device|type] [hours]`: recent NetBird audit-log events, filtered, newest first. */
import { activityEventsCard } from '../../cards/activity/activity.js';
import { DEFAULT_HOURS, MAX_HOURS, recentEvents } from '../../shared/activity/recent.js';
import { UsageError, type BotCommand } from './types.js';

/** The words as typed: a trailing whole number is the hours, the rest (if any) the filter. */
export function parseEventsArgs(args: readonly string[]): { filter: string | undefined; hours: number } {
  const words = [...args];
  let hours = DEFAULT_HOURS;
  if (words.length && /^\d+$/.test(words.at(-1)!)) {
    hours = Number(words.pop());
    if (hours < 1 || hours > MAX_HOURS) throw new UsageError(`Hours must be a whole number from 1 to ${MAX_HOURS}.`);
  }
  const filter = words.join(' ').trim();
  if (filter.length > 200) throw new UsageError('The filter is too long (200 characters at most).');
  return { filter: filter || undefined, hours };
}

export const events: BotCommand = {
  name: 'events',
  aliases: ['netbird events', 'activity'],
  usage: `events [user | device | type] [hours, default ${DEFAULT_HOURS}, at most ${MAX_HOURS}]`,
  example: 'events alice@contoso.com 48',
  summary:
    'Recent NetBird changes from its audit log (who changed what, when), newest first, filtered by user, device or event type.',
  audience: 'it',
  async run({ args, services, now, logger }) {
    const query = parseEventsArgs(args);
    return activityEventsCard(await recentEvents(services.netbirdRead, query, now(), logger));
  },
};
