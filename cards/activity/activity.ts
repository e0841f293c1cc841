/**
 * The NetBird activity cards: the feed's one card per run (IT channel) and the `events` answer.
 * Items are shown newest first (the feed puts reusable setup keys first, in red); a long batch
 * is cut to as many items as fit Teams' 28 KB with "and N more", and the fallback text lists only
 * what the card shows, so 200 events still make one card.
 */
import type { ActivityEventsView, ActivityFeedView, ActivityItem } from '../../shared/activity/types.js';
import type { CardColor, CardMessage, Fact } from '../bot/message.js';
import { lines } from '../bot/message.js';
import { CardError, renderCard } from '../render.js';
import template from './activity.json' with { type: 'json' };

/** Items tried first; fewer when they do not fit. */
const MAX_ITEMS = 25;

interface CardItem {
  title: string;
  subtitle: string;
  color: CardColor;
  facts: Fact[];
}

/** `2026-12-05 09:02 UTC` */
function utc(iso: string): string {
  const d = new Date(iso);
  return Number.isFinite(d.getTime()) ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

function color(item: ActivityItem): CardColor {
  if (item.standOut) return 'Attention';
  if (!item.known) return 'Accent';
  if (item.facts.some((f) => f.title === 'Now' && f.value === 'disabled') || /deleted|blocked/i.test(item.what))
    return 'Warning';
  return 'Default';
}

function cardItem(item: ActivityItem): CardItem {
  return {
    title: `${item.what}: ${item.target}`,
    subtitle: `By ${item.who}, ${utc(item.at)}`,
    color: color(item),
    facts: [...(item.standOut ? [{ title: 'Note', value: item.standOut }] : []), ...item.facts],
  };
}

interface Page {
  title: string;
  subtitle: string;
  facts: Fact[];
  empty: string;
  items: ActivityItem[];
  moreLabel: string;
  notes: string[];
}

function render(page: Page, max: number): CardMessage {
  const shown = page.items.slice(0, max).map(cardItem);
  const rest = page.items.length - shown.length;
  const more = rest > 0 ? `and ${rest} more ${page.moreLabel}` : '';
  const fallback = [
    page.title,
    page.subtitle,
    ...shown.map((i) => `${i.title} (${i.subtitle})`),
    more || (shown.length ? '' : page.empty),
  ]
    .filter(Boolean)
    .join('\n');
  const data = {
    title: page.title,
    subtitle: page.subtitle,
    facts: page.facts,
    empty: page.items.length ? '' : page.empty,
    items: shown,
    more,
    notes: lines(page.notes),
    fallback,
  };
  return { card: renderCard(template, data), text: fallback };
}

/** The page with as many items as fit under 28 KB (halving on the way down, then one by one). */
function fit(page: Page): CardMessage {
  let max = Math.min(MAX_ITEMS, page.items.length);
  for (;;) {
    try {
      return render(page, max);
    } catch (err) {
      if (!(err instanceof CardError) || max === 0) throw err;
      max = max > 8 ? Math.floor(max / 2) : max - 1;
    }
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function activityFeedCard(view: ActivityFeedView): CardMessage {
  const standOut = view.items.filter((i) => i.standOut).length;
  return fit({
    title: `NetBird: ${plural(view.items.length, 'change')}`,
    subtitle: 'Made in NetBird by people or systems other than this app.',
    facts: standOut ? [{ title: 'Needs a look', value: plural(standOut, 'reusable setup key') }] : [],
    empty: 'No changes.',
    items: view.items,
    moreLabel: 'changes (`events` lists them)',
    notes: [],
  });
}

export function activityEventsCard(view: ActivityEventsView): CardMessage {
  return fit({
    title: `NetBird events${view.filter ? ` for "${view.filter}"` : ''}`,
    subtitle: `The last ${plural(view.hours, 'hour')}, newest first.`,
    facts: [
      { title: 'Matching', value: String(view.items.length) },
      { title: 'In the window', value: String(view.scanned) },
    ],
    empty: view.filter
      ? `No events for "${view.filter}" in the last ${plural(view.hours, 'hour')}.`
      : `No events in the last ${plural(view.hours, 'hour')}.`,
    items: view.items,
    moreLabel: 'events (narrow the filter or the hours)',
    notes: ['The filter matches who did it, what was changed (a user, a device, a policy...), or the event type.'],
  });
}
