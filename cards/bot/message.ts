/**
 * What every bot card module returns: the expanded card and its fallback text (shown in
 * notifications and by clients that cannot render the card; also set as the card's
 * `fallbackText`). Structurally the same as the notifier's `OutgoingMessage`.
 */
import type { AdaptiveCard } from '../types.js';

export interface CardMessage {
  card: AdaptiveCard;
  text: string;
}

/** Adaptive Card TextBlock colours. */
export type CardColor = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface Line {
  text: string;
}

export interface Fact {
  title: string;
  value: string;
}

export const lines = (texts: readonly string[]): Line[] => texts.filter((t) => t.length > 0).map((text) => ({ text }));
