/**
 * The step runner: "advance the case for user X" as far as it can go now. One runner works a case
 * at a time, holding a lease recorded in the case (ETag write). The lease owner is the queue
 * message being processed: the same message, redelivered after a crash, takes its lease back at
 * once; a different message (a duplicate notification, the sweep finding the same user) finds the
 * case busy and leaves it to the owner, whose message stays on the queue until it succeeds.
 * The runner releases the lease only when no step is left, in the same ETag write that checks it,
 * so work recorded while it ran (a decision) is never stranded; that same write ends a failure
 * episode (episodes.ts), whose alert card then says "recovered".
 * A failure retrying cannot fix (classify.ts) is not thrown back to the queue: the case is marked
 * failed and IT alerted at once, without five quick redeliveries.
 * https://learn.microsoft.com/azure/storage/tables/table-storage-design-patterns (optimistic concurrency)
 */
import { errorMessage } from '../errors.js';
import { SYSTEM } from './audit.js';
import { audit, loadCase, updateCase } from './cases.js';
import { needsPerson } from './classify.js';
import type { OffboardingContext } from './context.js';
import { closeEpisode, noteFailure, type Episode } from './episodes.js';
import type { OffboardingCase } from './model.js';
import { STEPS, nextStep, type StepName } from './steps/index.js';
import { writesWaiting } from '../netbird/write-priority.js';
import { leaversWaiting } from './leavers-waiting.js';

/** Longer than the function timeout (host.json: 5 min), so a live owner is never overtaken. */
export const LEASE_MS = 10 * 60_000;
const MAX_STEPS = 50;

export type AdvanceResult =
  | { status: 'idle'; case: OffboardingCase }
  | { status: 'busy'; owner: string }
  | { status: 'handed-off' }
  | { status: 'needs-person'; reason: string }
  | { status: 'no-case' };

export interface AdvanceOptions {
  /**
   * After the block, leave the rest of the case to the `offboarding-work` queue when other leavers
   * of this process wait for their block (a burst): waiting for a worker (leavers-waiting.ts) or for
   * the NetBird write budget (netbird/write-priority.ts). This queue's workers then go on blocking
   * the next leavers instead of taking inventories and waiting for quarantine writes, which come
   * after every waiting block. A lone leaver goes on at once, as before.
   */
  handOffAfterBlock?: boolean;
  /** Called once the block is written: this leaver no longer counts as waiting (leavers-waiting.ts). */
  onBlocked?: () => void;
}

export async function advanceCase(
  ctx: OffboardingContext,
  userId: string,
  owner: string,
  attempt?: number,
  options: AdvanceOptions = {},
): Promise<AdvanceResult> {
  const settings = { deleteNetbirdUser: ctx.services.config.offboarding.deleteNetbirdUser };
  let busyWith: string | undefined;
  const claim = await updateCase(ctx, userId, (c) => {
    busyWith = undefined;
    const now = ctx.now().getTime();
    if (c.lease && c.lease.owner !== owner && Date.parse(c.lease.until) > now) {
      busyWith = c.lease.owner;
      return undefined;
    }
    return { ...c, lease: { owner, until: new Date(now + LEASE_MS).toISOString() } };
  });
  if (!claim.case) return { status: 'no-case' };
  if (!claim.written) {
    ctx.logger.info('case busy with another runner; leaving it to that one', { caseId: claim.case.id });
    return { status: 'busy', owner: busyWith ?? 'unknown' };
  }

  let step: StepName | undefined;
  try {
    for (let i = 0; i < MAX_STEPS; i++) {
      const c = (await loadCase(ctx, userId))!;
      step = nextStep(c, settings);
      if (!step) {
        const released = await releaseIfIdle(ctx, userId, owner, settings);
        if (released) return { status: 'idle', case: released };
        continue; // something was recorded meanwhile: go on
      }
      ctx.logger.debug('offboarding step', { caseId: c.id, step });
      await STEPS[step](ctx, c);
      if (step === 'block') options.onBlocked?.();
      if (
        step === 'block' &&
        options.handOffAfterBlock &&
        (leaversWaiting() > 0 || writesWaiting('block') > 0) &&
        (await handOff(ctx, userId, owner))
      ) {
        return { status: 'handed-off' };
      }
    }
    throw new Error(`offboarding case for ${userId} did not settle after ${MAX_STEPS} steps`);
  } catch (err) {
    const reason = needsPerson(err);
    await recordError(ctx, userId, owner, step ?? 'claim', err, attempt, reason);
    if (!reason) throw err;
    await noteFailure(ctx, userId, { cause: 'failed', needsPerson: reason });
    return { status: 'needs-person', reason };
  }
}

/**
 * Frees the lease (only if still ours) and queues "advance" for the rest. Freed first: if the send
 * fails, the error goes back to this message's queue and its retry takes the lease again.
 */
async function handOff(ctx: OffboardingContext, userId: string, owner: string): Promise<boolean> {
  const { written } = await updateCase(ctx, userId, (cur) =>
    cur.lease?.owner === owner ? { ...cur, lease: undefined } : undefined,
  );
  if (!written) return false;
  await ctx.storage.work.send({
    kind: 'advance',
    userId,
    reason: "contained first: the rest after the burst's blocks",
    afterBlocks: true,
  });
  ctx.logger.debug('case handed to the work queue after its block', { userId });
  return true;
}

async function releaseIfIdle(
  ctx: OffboardingContext,
  userId: string,
  owner: string,
  settings: { deleteNetbirdUser: boolean },
): Promise<OffboardingCase | undefined> {
  let idle = false;
  let episode: Episode | undefined;
  const { case: c, written } = await updateCase(ctx, userId, (cur) => {
    idle = nextStep(cur, settings) === undefined;
    episode = cur.retry;
    if (!idle) return undefined;
    if (cur.lease?.owner !== owner && !cur.lastError && !cur.failure && !cur.retry) return undefined;
    return { ...cur, lease: undefined, lastError: undefined, failure: undefined, retry: undefined };
  });
  if (idle && written && c && episode) await closeEpisode(ctx, c, episode);
  return idle ? c : undefined;
}

/** Records the error on the case (the card and `cases` show it) and frees the lease for the retry. */
async function recordError(
  ctx: OffboardingContext,
  userId: string,
  owner: string,
  step: string,
  err: unknown,
  attempt?: number,
  person?: string,
): Promise<void> {
  const message = errorMessage(err).slice(0, 500);
  const at = ctx.now().toISOString();
  try {
    const { case: c } = await updateCase(ctx, userId, (cur) => ({
      ...cur,
      lastError: { at, step, message, ...(attempt ? { attempt } : {}) },
      // Needs a person: marked failed now, as the poison queue would after every retry.
      ...(person ? { failure: { at, step, message } } : {}),
      ...(cur.lease?.owner === owner ? { lease: undefined } : {}),
    }));
    if (c)
      await audit(ctx, c, {
        action: 'step.failed',
        actor: SYSTEM,
        result: 'failed',
        target: step,
        summary: `Step "${step}" failed${attempt ? ` (attempt ${attempt})` : ''}: ${message}; ${person ? `needs a person: ${person}` : 'it will be retried'}`,
      });
  } catch (recordErr) {
    ctx.logger.error('could not record a step failure', { userId, step, error: errorMessage(recordErr) });
  }
  ctx.logger.warn('offboarding step failed', { userId, step, attempt, error: message });
}
