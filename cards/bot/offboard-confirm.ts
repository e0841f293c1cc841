/**
 * `offboard <user>` asks first: who (as Entra knows them), why, and what confirming does; two
 * buttons, `bot.offboard.confirm` and `bot.offboard.cancel`, carrying the user's object id.
 */
import { renderCard } from '../render.js';
import { lines, type CardMessage, type Fact, type Line } from './message.js';
import template from './offboard-confirm.json' with { type: 'json' };

export const OFFBOARD_CONFIRM_VERB = 'bot.offboard.confirm';
export const OFFBOARD_CANCEL_VERB = 'bot.offboard.cancel';

export interface OffboardConfirmData {
  title: string;
  facts: Fact[];
  steps: Line[];
  userId: string;
  /** '' when none was given. */
  reason: string;
  fallback: string;
}

export function offboardConfirmCard(input: {
  title: string;
  facts: Fact[];
  steps: string[];
  userId: string;
  reason: string;
}): CardMessage {
  const fallback = [input.title, ...input.facts.map((f) => `${f.title}: ${f.value}`), ...input.steps].join('\n');
  const data: OffboardConfirmData = { ...input, steps: lines(input.steps), fallback };
  return { card: renderCard(template, data), text: fallback };
}
