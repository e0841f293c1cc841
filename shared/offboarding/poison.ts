/**
 * The poison queues: a message whose processing failed `maxDequeueCount` times lands in
 * `<queue>-poison` (host.json). Its handler marks the user's case failed (the marker stays until the
 * case resumes), frees its lease, and hands the case to the failure episode (episodes.ts): the
 * retry timer re-queues it with growing back-off, and the episode's one alert card (posted now, or
 * updated if this episode already has one) says when the next attempt is. A message about no case
 * (unreadable, or a lifecycle event) gets a one-off alert card.
 */
import { errorMessage } from '../errors.js';
import { SYSTEM } from './audit.js';
import { audit, loadCase, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import { noteFailure } from './episodes.js';
import { userCheckSchema, workMessageSchema } from './messages.js';
import type { OffboardingCase } from './model.js';

export interface PoisonOutcome {
  userId?: string;
  caseId?: string;
  alerted: boolean;
}

export async function handlePoison(
  ctx: OffboardingContext,
  queue: string,
  body: unknown,
  dequeueCount?: number,
): Promise<PoisonOutcome> {
  const check = userCheckSchema.safeParse(body);
  const work = workMessageSchema.safeParse(body);
  const userId = check.success
    ? check.data.userId
    : work.success && work.data.kind === 'advance'
      ? work.data.userId
      : undefined;
  const what = check.success
    ? 'check user'
    : work.success
      ? work.data.kind === 'lifecycle'
        ? `lifecycle ${work.data.event}`
        : work.data.kind
      : 'unreadable message';

  const c: OffboardingCase | undefined = userId ? await loadCase(ctx, userId) : undefined;
  const step = c?.lastError?.step ?? what;
  const message =
    c?.lastError?.message ??
    (check.success || work.success ? 'failed on every attempt (see the log)' : 'the message is not valid');
  if (c?.open) {
    const at = ctx.now().toISOString();
    await updateCase(ctx, c.userId, (cur) => ({ ...cur, failure: { at, step, message }, lease: undefined }));
    const noted = await noteFailure(ctx, c.userId, { cause: 'failed' });
    const next = noted.case?.retry?.nextAt ? `; next automatic retry at ${noted.case.retry.nextAt}` : '';
    await audit(ctx, c, {
      action: 'case.failed',
      actor: SYSTEM,
      result: 'failed',
      target: step,
      summary: `Gave up after ${dequeueCount ?? 'several'} attempts at "${step}": ${message}${next}`,
    });
    ctx.logger.error('offboarding message gave up; the case is in a failure episode', {
      queue,
      userId,
      caseId: c.id,
      step,
      nextAt: noted.case?.retry?.nextAt,
    });
    return { ...(userId ? { userId } : {}), caseId: c.id, alerted: noted.alerted };
  }
  let alerted = false;
  try {
    await ctx.teams.postToChannel({
      kind: 'offboarding.failure',
      ...(c ? { c } : {}),
      ...(userId ? { userId } : {}),
      step,
      message,
      ...(dequeueCount ? { attempts: dequeueCount } : {}),
      queue,
    });
    alerted = true;
  } catch (err) {
    // Nothing else to fall back on: the log says so loudly.
    ctx.logger.error('could not post the offboarding failure alert', { queue, userId, error: errorMessage(err) });
  }
  ctx.logger.error('offboarding message gave up', { queue, userId, caseId: c?.id, step });
  return { ...(userId ? { userId } : {}), ...(c ? { caseId: c.id } : {}), alerted };
}
