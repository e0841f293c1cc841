/**
 * Returners (issue 13): a user whose case closed, or is open and contained, is enabled again in
 * Entra. Graph notifications and the delta sweep both end in `noteEnabled` (process-check.ts), which
 * calls `offerRestore`. Nothing is restored here: IT is asked on a card in the IT channel, once per
 * re-enable (Graph sends several notifications per change; the offer is claimed with an ETag write,
 * so exactly one caller posts). A disable in between (`withdrawOffer`) ends the offer, and the next
 * re-enable asks again.
 *
 * What happens to the case when the account is seen enabled:
 * - held by the blast-radius guard (never contained): closed, `enabled-again` (unchanged);
 * - `contained`, `awaiting-approval`, `escalated` without a decision: the case goes on as before (the
 *   approver may still decide) and IT gets the returner card; Restore closes the case
 *   (`… → closed`, outcome `restored`) and the approval card with it;
 * - `closed` with something containment changed still in force (blocked, quarantined, deleted
 *   peers): the returner card; Restore leaves the case closed and records the restore on it;
 * - `rejected`: unchanged, IT confirms the false alarm on the approval card (decision.ts);
 * - an approval being cleaned up, or `detected` still containing: unchanged (no card).
 */
import { errorMessage } from '../../errors.js';
import { SYSTEM } from '../audit.js';
import { audit, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { OffboardingCase } from '../model.js';
import { containmentChanges, hasChanges, offerable } from './changes.js';
import { returnerView } from '../views.js';

/** A claimed offer whose card was never recorded (the poster crashed) is claimed again after this. */
export const UNPOSTED_RECLAIM_MS = 5 * 60_000;

/** A pending offer: claimed, not restored, not withdrawn. */
const pending = (c: OffboardingCase): boolean => !!c.returner && !c.returner.restore && !c.returner.withdrawn;

/** Whether this call should post the card: no live offer yet, or a claimed one never posted. */
function needsOffer(c: OffboardingCase, now: number): boolean {
  if (!offerable(c) || !hasChanges(containmentChanges(c))) return false;
  const r = c.returner;
  if (!r || r.withdrawn) return true; // first re-enable, or enabled again after a disable
  if (r.restore) return false; // IT restored (or is restoring): this re-enable is answered
  return !r.message && now - Date.parse(r.offeredAt) > UNPOSTED_RECLAIM_MS;
}

/** Posts the returner card when this re-enable has none yet. True when this call posted it. */
export async function offerRestore(ctx: OffboardingContext, userId: string): Promise<boolean> {
  const at = ctx.now();
  const { case: claimed, written } = await updateCase(ctx, userId, (cur) =>
    needsOffer(cur, at.getTime()) ? { ...cur, returner: { offeredAt: at.toISOString() } } : undefined,
  );
  if (!written || !claimed) return false;
  let sent;
  try {
    sent = await ctx.teams.postToChannel(returnerView(claimed));
  } catch (err) {
    // Let the next notification (or this message's retry) post it: the claim is given back.
    await updateCase(ctx, userId, (cur) =>
      cur.returner?.offeredAt === claimed.returner!.offeredAt && !cur.returner.message
        ? { ...cur, returner: undefined }
        : undefined,
    );
    await audit(ctx, claimed, {
      action: 'returner.offered',
      actor: SYSTEM,
      result: 'failed',
      summary: `Could not post the returner card to the IT channel: ${errorMessage(err)}`,
    });
    throw err;
  }
  await updateCase(ctx, userId, (cur) =>
    cur.id === claimed.id && cur.returner && !cur.returner.message
      ? { ...cur, returner: { ...cur.returner, message: sent } }
      : undefined,
  );
  const ch = containmentChanges(claimed);
  await audit(ctx, claimed, {
    action: 'returner.offered',
    actor: SYSTEM,
    result: 'ok',
    target: claimed.upn ?? userId,
    summary:
      `Enabled again in Entra: IT asked whether to restore NetBird access (${ch.blocked ? 'user blocked' : 'user not blocked by us'}, ` +
      `${ch.quarantined.length} peer(s) quarantined, ${ch.deleted.length} deleted)`,
    detail: { state: claimed.state, quarantined: ch.quarantined, deleted: ch.deleted, userDeleted: ch.userDeleted },
  });
  return true;
}

/**
 * The account is disabled or deleted again: a pending offer ends, its card says so. `also`: other
 * fields to record in the same write (one table round trip per check).
 */
export async function withdrawOffer(
  ctx: OffboardingContext,
  userId: string,
  reason: string,
  also: (cur: OffboardingCase) => Partial<OffboardingCase> = () => ({}),
): Promise<void> {
  const at = ctx.now().toISOString();
  let withdrawn = false;
  const { case: c, written } = await updateCase(ctx, userId, (cur) => {
    withdrawn = pending(cur);
    const patch = { ...also(cur), ...(withdrawn ? { returner: { ...cur.returner!, withdrawn: { at, reason } } } : {}) };
    return Object.keys(patch).length ? { ...cur, ...patch } : undefined;
  });
  if (!written || !c || !withdrawn) return;
  await audit(ctx, c, {
    action: 'returner.withdrawn',
    actor: SYSTEM,
    result: 'ok',
    summary: `Restore no longer offered: ${reason}`,
  });
  await updateReturnerCard(ctx, c);
}

/** Updates the returner card in place for everyone (best effort, like the approval cards). */
export async function updateReturnerCard(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const sent = c.returner?.message;
  if (!sent) return;
  try {
    await ctx.teams.update(sent, returnerView(c));
  } catch (err) {
    ctx.logger.warn('could not update the returner card in place', { caseId: c.id, error: errorMessage(err) });
    await audit(ctx, c, {
      action: 'teams.card-updated',
      actor: SYSTEM,
      result: 'failed',
      summary: `Could not update the returner card in place: ${errorMessage(err)}`,
    });
  }
}
