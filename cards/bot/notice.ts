/**
 * A short notice: a coloured title and a few lines. Used for refusals, usage errors, "still
 * looking", "not found", failures and the welcome.
 */
import { renderCard } from '../render.js';
import { lines, type CardColor, type CardMessage } from './message.js';
import template from './notice.json' with { type: 'json' };

export interface NoticeData {
  title: string;
  color: CardColor;
  lines: { text: string }[];
  fallback: string;
}

export function notice(title: string, body: readonly string[] = [], color: CardColor = 'Default'): CardMessage {
  const text = [title, ...body].join('\n\n');
  const data: NoticeData = { title, color, lines: lines(body), fallback: text };
  return { card: renderCard(template, data), text };
}
