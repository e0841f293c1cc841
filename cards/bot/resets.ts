/**
 * The `resets` answer: the user's password events, newest first, each with when, what, result,
 * reason and who initiated it; for resets and changes whether a laptop has been online since;
 * then the notes (writeback details live on the Entra Connect server, retention).
 */
import { renderCard } from '../render.js';
import type { CardColor, CardMessage, Fact, Line } from './message.js';
import template from './resets.json' with { type: 'json' };

export interface ResetEventData {
  what: string;
  whatColor: CardColor;
  facts: Fact[];
  /** The cached-credentials line for a reset or change, or ''. */
  laptop: string;
  laptopColor: CardColor;
}

export interface ResetsCardData {
  title: string;
  subtitle: string;
  /** Which NetBird peers of the user were looked at. */
  laptops: string;
  /** Shown when there are no events, else ''. */
  empty: string;
  events: ResetEventData[];
  more: string;
  notes: Line[];
  fallback: string;
}

export function resetsCard(data: ResetsCardData): CardMessage {
  return { card: renderCard(template, data), text: data.fallback };
}
