/**
 * A read-out card: a title, summary facts, then a list of items (cases, devices, audit events),
 * each with its own facts; long lists are cut with "and N more". Used by `cases`, `case`, `audit`.
 */
import { truncate } from '../list.js';
import { renderCard } from '../render.js';
import { lines, type CardColor, type CardMessage, type Fact, type Line } from './message.js';
import template from './report.json' with { type: 'json' };

export interface ReportItem {
  title: string;
  subtitle: string;
  color: CardColor;
  facts: Fact[];
}

export interface ReportCardData {
  title: string;
  subtitle: string;
  facts: Fact[];
  /** Shown when there are no items, else ''. */
  empty: string;
  items: ReportItem[];
  more: string;
  notes: Line[];
  fallback: string;
}

export interface Report {
  title: string;
  subtitle?: string;
  facts?: Fact[];
  items: ReportItem[];
  /** What an empty list means, e.g. "No open offboarding cases." */
  empty: string;
  /** At most this many items on the card; the rest are counted. */
  max: number;
  /** What the items are: `and 4 more ${moreLabel}`. */
  moreLabel: string;
  notes?: string[];
}

export function reportCard(r: Report): CardMessage {
  const { shown, more } = truncate(r.items, r.max);
  const fallback = [
    r.title,
    r.subtitle ?? '',
    ...(r.facts ?? []).map((f) => `${f.title}: ${f.value}`),
    ...(r.items.length ? r.items.map((i) => `${i.title}${i.subtitle ? ` (${i.subtitle})` : ''}`) : [r.empty]),
  ]
    .filter(Boolean)
    .join('\n');
  const data: ReportCardData = {
    title: r.title,
    subtitle: r.subtitle ?? '',
    facts: r.facts ?? [],
    empty: r.items.length ? '' : r.empty,
    items: shown,
    more: more ? `${more} ${r.moreLabel}` : '',
    notes: lines(r.notes ?? []),
    fallback,
  };
  return { card: renderCard(template, data), text: fallback };
}
