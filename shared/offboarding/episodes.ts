/**
 * Failure episodes of a case: from the moment its work gave up (the poison queue, a failure that
 * needs a person, or the retry timer finding it stuck) until the step runner next finds nothing
 * left to do. An episode carries its automatic-retry schedule (RETRY_BACKOFF_MINUTES: the i-th
 * retry waits the i-th value, the last value repeats) and its one alert card in the IT channel,
 * posted once and then updated in place (`updateActivity`), finally to "recovered".
 * Teams failures are logged and audited, never thrown: the case's state is what matters.
 */
import type { Config } from '../config/index.js';
import { errorMessage } from '../errors.js';
import { SYSTEM } from './audit.js';
import { audit, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { OffboardingCase } from './model.js';
import type { EpisodeView } from './views.js';

export type Episode = NonNullable<OffboardingCase['retry']>;

/** The wait before the retry that follows `attempts` earlier ones. */
export function backoffMs(config: Config, attempts: number): number {
  const list = config.retry.backoffMinutes;
  return list[Math.min(attempts, list.length - 1)]! * 60_000;
}

export interface FailureNote {
  cause: Episode['cause'];
  /** Set when retrying cannot fix it (classify.ts): no retry is scheduled. */
  needsPerson?: string | undefined;
}

/**
 * The case's work gave up: start the episode (or go on with it), schedule the next automatic retry
 * unless a person must act, and post or update the alert card.
 */
export async function noteFailure(
  ctx: OffboardingContext,
  userId: string,
  note: FailureNote,
): Promise<{ case: OffboardingCase | undefined; alerted: boolean }> {
  const now = ctx.now();
  const { case: c } = await updateCase(ctx, userId, (cur) => {
    const episode: Episode = cur.retry ?? { since: now.toISOString(), cause: note.cause, attempts: 0 };
    const stop = note.needsPerson !== undefined || episode.gaveUpAt !== undefined;
    const { nextAt: _next, needsPerson: _np, ...rest } = episode;
    return {
      ...cur,
      retry: {
        ...rest,
        ...(note.needsPerson ? { needsPerson: note.needsPerson } : {}),
        ...(stop
          ? {}
          : { nextAt: new Date(now.getTime() + backoffMs(ctx.services.config, episode.attempts)).toISOString() }),
      },
    };
  });
  const alerted = c?.retry ? await showEpisode(ctx, c) : false;
  return { case: c, alerted };
}

const episodeView = (c: OffboardingCase, episode: Episode, recoveredAt?: string): EpisodeView => ({
  kind: 'offboarding.episode',
  case: c,
  episode,
  ...(recoveredAt ? { recoveredAt } : {}),
});

/** Posts the episode's alert card once, or updates the one already posted. False when Teams failed. */
export async function showEpisode(ctx: OffboardingContext, c: OffboardingCase): Promise<boolean> {
  const episode = c.retry;
  if (!episode) return false;
  const view = episodeView(c, episode);
  try {
    if (episode.alert) {
      await ctx.teams.update(episode.alert, view);
      return true;
    }
    const sent = await ctx.teams.postToChannel(view);
    const { written } = await updateCase(ctx, c.userId, (cur) =>
      cur.retry && !cur.retry.alert ? { ...cur, retry: { ...cur.retry, alert: sent } } : undefined,
    );
    await audit(ctx, c, {
      action: 'alert.sent',
      actor: SYSTEM,
      result: 'ok',
      summary: `Failure alert posted to the IT channel${written ? '' : ' (the episode ended meanwhile)'}`,
    });
    return true;
  } catch (err) {
    ctx.logger.error('could not post or update the offboarding failure alert', {
      caseId: c.id,
      error: errorMessage(err),
    });
    await audit(ctx, c, {
      action: 'alert.sent',
      actor: SYSTEM,
      result: 'failed',
      summary: `Could not post or update the failure alert: ${errorMessage(err)}`,
    }).catch(() => undefined);
    return false;
  }
}

/** The case moved on: the episode (already cleared from the case) ends, and its card says so. */
export async function closeEpisode(ctx: OffboardingContext, c: OffboardingCase, episode: Episode): Promise<void> {
  const at = ctx.now().toISOString();
  await audit(ctx, c, {
    action: 'case.recovered',
    actor: SYSTEM,
    result: 'ok',
    summary: `Recovered after ${episode.attempts} automatic retr${episode.attempts === 1 ? 'y' : 'ies'} (failing since ${episode.since})`,
  });
  ctx.logger.info('offboarding case recovered', { caseId: c.id, attempts: episode.attempts, since: episode.since });
  if (!episode.alert) return;
  try {
    await ctx.teams.update(episode.alert, episodeView(c, episode, at));
  } catch (err) {
    ctx.logger.warn('could not update the failure alert to "recovered"', { caseId: c.id, error: errorMessage(err) });
  }
}
