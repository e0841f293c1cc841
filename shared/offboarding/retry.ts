/**
 * The retry timer (RETRY_SCHEDULE, every minute): no leaver stays unblocked because NetBird, Graph
 * or storage was down for longer than the queue's five quick attempts. Each run looks at the open
 * cases and
 * - starts a failure episode for a case nobody is working on that has a step left and has not
 *   moved for RETRY_STALL_MINUTES (a lost message, a crashed host whose lease expired) and
 *   re-queues it at once;
 * - re-queues a case in a failure episode (the poison queue marked it failed, episodes.ts) whose
 *   back-off ran out (RETRY_BACKOFF_MINUTES: 1, 2, 5, 15, 30, then every 30 minutes), updating the
 *   episode's alert card;
 * - stops after RETRY_FOR_DAYS and leaves the case to a person (the card says so).
 * A case that needs a person (classify.ts), held by the blast-radius guard, or leased by a live
 * runner is left alone. The re-queue is an `advance` message on `offboarding-work`: the step runner
 * (advance.ts) continues from the recorded steps, so nothing is done twice, and ends the episode
 * (card: "recovered") when nothing is left. Each re-queue is recorded in the case first (ETag), so
 * two runs never queue the same retry twice.
 */
import { SYSTEM } from './audit.js';
import { audit, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import { noteFailure, showEpisode, type Episode } from './episodes.js';
import type { OffboardingCase } from './model.js';
import { nextStep } from './steps/index.js';
import { CASE_PARTITION } from './storage.js';
import { tableFilter } from '../store/table.js';

export interface RetryRunResult {
  open: number;
  /** Case ids re-queued in this run. */
  requeued: string[];
  /** Case ids found stuck (a new episode). */
  stuck: string[];
  /** Case ids whose retries ran out in this run. */
  gaveUp: string[];
}

export async function runRetries(ctx: OffboardingContext): Promise<RetryRunResult> {
  const rows = await ctx.storage.cases.query(tableFilter`PartitionKey eq ${CASE_PARTITION} and open eq ${true}`);
  const out: RetryRunResult = { open: rows.length, requeued: [], stuck: [], gaveUp: [] };
  for (const { value: c } of rows) {
    const action = await consider(ctx, c);
    if (action === 'stuck') {
      out.stuck.push(c.id);
      out.requeued.push(c.id);
    }
    if (action === 'requeued') out.requeued.push(c.id);
    if (action === 'gave-up') out.gaveUp.push(c.id);
  }
  if (out.requeued.length || out.gaveUp.length) ctx.logger.info('retry timer acted', { ...out });
  return out;
}

async function consider(
  ctx: OffboardingContext,
  c: OffboardingCase,
): Promise<'stuck' | 'requeued' | 'gave-up' | undefined> {
  const { retry: settings, offboarding } = ctx.services.config;
  const now = ctx.now().getTime();
  const episode = c.retry;
  if (c.hold || episode?.needsPerson || episode?.gaveUpAt) return undefined;
  if (c.lease && Date.parse(c.lease.until) > now) return undefined; // a live runner has it
  const pending = nextStep(c, { deleteNetbirdUser: offboarding.deleteNetbirdUser }) !== undefined;
  const stalled = pending && now - Date.parse(c.updatedAt) > settings.stallMinutes * 60_000;

  if (!episode) {
    if (c.failure) {
      // Marked failed without an episode (the poison handler's note did not land): start it now.
      await noteFailure(ctx, c.userId, { cause: 'failed' });
      return undefined;
    }
    if (!stalled) return undefined;
    return (await requeue(ctx, c, { since: ctx.now().toISOString(), cause: 'stuck', attempts: 0 }, 'stuck'))
      ? 'stuck'
      : undefined;
  }
  if (!episode.nextAt) {
    // A retry went out; it is either still being worked (the case moves) or it vanished.
    if (c.failure || stalled) await noteFailure(ctx, c.userId, { cause: episode.cause });
    return undefined;
  }
  if (now - Date.parse(episode.since) > settings.forDays * 86_400_000)
    return (await giveUp(ctx, c, episode)) ? 'gave-up' : undefined;
  if (Date.parse(episode.nextAt) > now) return undefined;
  return (await requeue(ctx, c, episode, 'retry')) ? 'requeued' : undefined;
}

/** Records the retry in the case (only if nobody changed the episode meanwhile), then queues it. */
async function requeue(
  ctx: OffboardingContext,
  c: OffboardingCase,
  episode: Episode,
  why: 'stuck' | 'retry',
): Promise<boolean> {
  const at = ctx.now().toISOString();
  const attempt = episode.attempts + 1;
  const { nextAt: _n, ...rest } = episode;
  const { case: updated, written } = await updateCase(ctx, c.userId, (cur) => {
    if (cur.id !== c.id || cur.retry?.nextAt !== c.retry?.nextAt || cur.retry?.attempts !== c.retry?.attempts)
      return undefined;
    if (cur.lease && Date.parse(cur.lease.until) > ctx.now().getTime()) return undefined;
    // The failure marker goes while the retry is in flight; the poison queue sets it again if it fails.
    return { ...cur, failure: undefined, lease: undefined, retry: { ...rest, attempts: attempt, lastQueuedAt: at } };
  });
  if (!written || !updated) return false;
  await ctx.storage.work.send({ kind: 'advance', userId: c.userId, reason: `automatic retry ${attempt}` });
  await audit(ctx, c, {
    action: 'case.retried',
    actor: { kind: 'timer', name: 'retry timer' },
    result: 'ok',
    summary:
      why === 'stuck'
        ? `The case had not moved since ${c.updatedAt}: queued again (automatic retry ${attempt})`
        : `Automatic retry ${attempt} queued (failing since ${episode.since})`,
  });
  if (updated.retry?.alert) await showEpisode(ctx, updated);
  return true;
}

async function giveUp(ctx: OffboardingContext, c: OffboardingCase, episode: Episode): Promise<boolean> {
  const at = ctx.now().toISOString();
  const { case: updated, written } = await updateCase(ctx, c.userId, (cur) =>
    cur.retry && !cur.retry.gaveUpAt ? { ...cur, retry: { ...cur.retry, nextAt: undefined, gaveUpAt: at } } : undefined,
  );
  if (!written || !updated) return false;
  await audit(ctx, c, {
    action: 'case.retries-exhausted',
    actor: SYSTEM,
    result: 'failed',
    summary: `No automatic retry after ${episode.attempts} attempts since ${episode.since}: left to a person`,
  });
  await showEpisode(ctx, updated);
  return true;
}
