/**
 * A rejected case ("false alarm") whose Entra account is still disabled or deleted: re-examined by
 * every notification about the user and by every sweep, so a rejection never becomes a permanent
 * hole (issue 11).
 *
 * - Containment is checked again: while the case is rejected the NetBird user stays blocked, so a
 *   person who unblocked them in the NetBird console meanwhile is undone (and audited).
 * - Once the rejection is older than REJECTED_RECHECK_HOURS (time for IT to re-enable the account in
 *   Entra and for Entra Connect to sync it) and Entra still disagrees, the case is reopened: back to
 *   `awaiting-approval`, the rejection kept in `priorDecisions`, the card updated in place for
 *   everyone and posted to the IT channel, and the escalation timer chases it from now on.
 */
import { NotFoundError } from '../errors.js';
import { SYSTEM } from './audit.js';
import { ensureChannelCopy, updateCardsInPlace } from './card-updates.js';
import { fmtTime } from './views.js';
import { audit, moveCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { EntraVerdict } from './entra-verdict.js';
import { netbirdUserOf, type OffboardingCase } from './model.js';
import { withWritePriority } from '../netbird/write-priority.js';

export type ReexamineOutcome = 'not-rejected' | 'waiting' | 'reopened';

const ACCOUNT: Record<Exclude<EntraVerdict['kind'], 'enabled'>, string> = {
  disabled: 'still disabled',
  'soft-deleted': 'deleted (recycle bin)',
  'hard-deleted': 'permanently deleted',
};

export async function reexamineRejected(
  ctx: OffboardingContext,
  c: OffboardingCase,
  verdict: Exclude<EntraVerdict['kind'], 'enabled'>,
): Promise<ReexamineOutcome> {
  if (c.state !== 'rejected' || c.unblock?.done) return 'not-rejected';
  await keepBlocked(ctx, c, verdict);
  const rejectedAt = c.decision?.at ?? c.updatedAt;
  const hours = (ctx.now().getTime() - Date.parse(rejectedAt)) / 3_600_000;
  if (hours < ctx.services.config.offboarding.rejectedRecheckHours) return 'waiting';

  const at = ctx.now().toISOString();
  const reopened = await moveCase(
    ctx,
    c.userId,
    ['rejected'],
    'awaiting-approval',
    SYSTEM,
    `Reopened: rejected as a false alarm ${fmtTime(rejectedAt)}, but the Entra account is ${ACCOUNT[verdict]} ${Math.floor(hours)} h later`,
    (cur) => ({
      priorDecisions: [...(cur.priorDecisions ?? []), ...(cur.decision ? [cur.decision] : [])],
      decision: undefined,
      unblock: undefined,
      devices: cur.devices.map(({ decision: _decision, ...d }) => d),
      approvalSentAt: at,
      remindedAt: undefined,
      escalatedAt: undefined,
    }),
  );
  if (!reopened) return 'waiting';
  await updateCardsInPlace(ctx, reopened);
  await ensureChannelCopy(ctx, reopened);
  return 'reopened';
}

/** While rejected, the NetBird user stays blocked: undo an unblock made by hand meanwhile. */
async function keepBlocked(
  ctx: OffboardingContext,
  c: OffboardingCase,
  verdict: Exclude<EntraVerdict['kind'], 'enabled'>,
): Promise<void> {
  const nbUser = netbirdUserOf(c);
  if (!nbUser || c.dryRun || !c.block || c.block.result === 'skipped') return;
  try {
    const { changed } = await withWritePriority('block', () =>
      ctx.services.netbirdAdmin.blockUser(nbUser.id, { fresh: true }),
    );
    if (changed) {
      await audit(ctx, c, {
        action: 'netbird.block-user',
        actor: SYSTEM,
        result: 'ok',
        target: nbUser.id,
        summary: `Blocked again: the NetBird user had been unblocked while the case was rejected, and the Entra account is ${ACCOUNT[verdict]}`,
      });
    }
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}
