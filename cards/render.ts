/**
 * Expands an Adaptive Card template with typed data (adaptivecards-templating), and refuses what
 * Teams would not render: a leftover `${…}` (an unbound expression) or a card over 28 KB.
 * Data is bound as `$root`; user-supplied text is data, never template, so `${…}` in a user name
 * stays literal text. All card text is plain text: after expansion, markdown in every TextBlock and
 * fact is escaped (plain-text.ts), so a user's name can never become a link or bold on a card.
 * https://learn.microsoft.com/adaptive-cards/templating/sdk
 */
import * as ACData from 'adaptivecards-templating';
import { AppError } from '../shared/errors.js';
import { plainCardText } from './plain-text.js';
import { MAX_CARD_BYTES, type AdaptiveCard } from './types.js';

export class CardError extends AppError {
  override readonly code = 'card';
}

/** `${` in data would be re-read as an expression by the templating engine: escape it. */
function escapeData(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('${', '$\u200B{');
  if (Array.isArray(value)) return value.map(escapeData);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeData(v)]));
  return value;
}

export function renderCard<T extends object>(template: object, data: T): AdaptiveCard {
  const expanded = plainCardText(new ACData.Template(template).expand({ $root: escapeData(data) }) as AdaptiveCard);
  const text = JSON.stringify(expanded);
  if (text.includes('${'))
    throw new CardError(`card template left an unbound expression: ${/\$\{[^}]*\}/.exec(text)?.[0] ?? ''}`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CARD_BYTES) throw new CardError(`card is ${bytes} bytes, over Teams' ${MAX_CARD_BYTES}`);
  return expanded;
}
