/**
 * The timed wave-health run (functions/wave-health-timer.ts): evaluate every wave, store a
 * snapshot of each, and keep one card per wave per UTC day in the IT channel:
 * - the day's first run posts the card (a new message: the daily report);
 * - a later run the same day updates that card in place (`updateActivity`) when the wave's status
 *   or any check's status changed, and sends nothing when none did;
 * - when that update flips the decision between go (with or without caution) and no-go, it also
 *   posts a short reply in the card's thread: an edit notifies nobody, a reply does.
 * The card shows the change since the previous snapshot. A wave whose card cannot be sent does
 * not stop the others; it has no day's card, so the next run posts it again.
 */
import { errorMessage } from '../errors.js';
import type { TeamsSender } from '../teams/sender.js';
import { changeSince } from './changes.js';
import { evaluateWaves, type WaveDeps, type WaveSettings } from './evaluate.js';
import { statusSignature, toSnapshot } from './snapshot.js';
import type { WaveSnapshotStore } from './store.js';
import type { Decision, Status } from './types.js';
import type { WaveHealthView } from './views.js';

/** What wave health needs of the Teams port: post, update in place, reply in the thread. */
export type WaveNotifier = Pick<TeamsSender, 'postToChannel' | 'update' | 'replyInThread'>;

/** Go and go-with-caution both let the next wave start; only a flip across that line is news. */
export const goNoGoChanged = (before: Decision, now: Decision): boolean => (before === 'no-go') !== (now === 'no-go');

export interface WaveRunDeps extends WaveDeps {
  store: WaveSnapshotStore;
  notifier: WaveNotifier;
}

export type CardAction = 'posted' | 'updated' | 'unchanged' | 'failed';
/** The reply under the day's card when go/no-go flipped: sent, or failed (the card was still updated). */
export type ReplyAction = 'sent' | 'failed';

export interface WaveRunResult {
  wave: string;
  status: Status;
  decision: Decision;
  card: CardAction;
  reply?: ReplyAction;
  error?: string;
}

export async function runWaveHealth(
  deps: WaveRunDeps,
  settings: WaveSettings,
  options: { now?: Date } = {},
): Promise<WaveRunResult[]> {
  const now = options.now ?? new Date();
  const logger = deps.logger.child({ useCase: 'wave-health-run' });
  const evaluations = await evaluateWaves(deps, settings, { now });
  const day = now.toISOString().slice(0, 10);
  const results: WaveRunResult[] = [];
  for (const evaluation of evaluations) {
    const snapshot = toSnapshot(evaluation);
    const result: WaveRunResult = {
      wave: snapshot.wave,
      status: snapshot.status,
      decision: snapshot.decision,
      card: 'unchanged',
    };
    try {
      const previous = await deps.store.latest(snapshot.wave);
      await deps.store.save(snapshot);
      const view: WaveHealthView = { kind: 'wave.health', snapshot, change: changeSince(snapshot, previous) };
      const signature = statusSignature(snapshot);
      const dayCard = await deps.store.dayCard(snapshot.wave, day);
      if (!dayCard) {
        const sent = await deps.notifier.postToChannel(view);
        await deps.store.saveDayCard({
          wave: snapshot.wave,
          day,
          sent,
          signature,
          postedAt: now.toISOString(),
          updatedAt: now.toISOString(),
        });
        result.card = 'posted';
      } else if (dayCard.signature !== signature) {
        await deps.notifier.update(dayCard.sent, view);
        await deps.store.saveDayCard({ ...dayCard, signature, updatedAt: now.toISOString() });
        result.card = 'updated';
        if (previous && goNoGoChanged(previous.decision, snapshot.decision)) {
          // After the update: the thread's root already shows the new state when people open it.
          try {
            await deps.notifier.replyInThread(dayCard.sent, { kind: 'wave.change', snapshot, previous });
            result.reply = 'sent';
          } catch (err) {
            result.reply = 'failed';
            logger.error('wave health: the go/no-go reply was not sent', {
              wave: snapshot.wave,
              error: errorMessage(err),
            });
          }
        }
      }
    } catch (err) {
      result.card = 'failed';
      result.error = errorMessage(err);
      logger.error('wave health: storing or sending the card failed', {
        wave: snapshot.wave,
        error: errorMessage(err),
      });
    }
    logger.info('wave health', { ...result });
    results.push(result);
  }
  return results;
}
