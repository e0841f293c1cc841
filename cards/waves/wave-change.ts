/**
 * The short reply posted under the day's wave card when the go/no-go flips. Editing the card in
 * place notifies nobody, so this reply is what tells people that the next wave may (not) start;
 * the card above it keeps the detail.
 */
import type { WaveSnapshot } from '../../shared/waves/snapshot.js';
import { DECISION_TEXT } from '../../shared/waves/verdict.js';
import type { CardMessage } from '../bot/message.js';
import { notice } from '../bot/notice.js';
import { statusText, STATUS_COLOR, utcTime } from './text.js';

/** Names at most this many checks; the card above has them all. */
const CHECKS_NAMED = 3;

export function waveChangeReply(
  now: WaveSnapshot,
  before: Pick<WaveSnapshot, 'decision' | 'status' | 'takenAt'>,
): CardMessage {
  const failing = now.checks.filter((c) => c.status !== 'green');
  const named = failing.slice(0, CHECKS_NAMED).map((c) => `${statusText(c.status)} ${c.title}`);
  const more = failing.length - named.length;
  return notice(
    `${now.wave}: ${DECISION_TEXT[before.decision]} → ${DECISION_TEXT[now.decision]} for the next wave`,
    [
      `Wave status ${statusText(before.status)} → ${statusText(now.status)} (checked ${utcTime(now.takenAt)}; before: ${utcTime(before.takenAt)}).`,
      failing.length
        ? `Not green: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`
        : 'Every check is green.',
      'The card above is updated with the details.',
    ],
    STATUS_COLOR[now.status],
  );
}
