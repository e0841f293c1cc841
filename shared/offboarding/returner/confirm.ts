/**
 * An IT approver clicks Restore on the returner card. Two people and an enabled account: the clicker
 * is an IT approver (IT_APPROVERS_GROUP_ID, transitive) and not the user, and Entra, read now, says
 * the account is enabled and not deleted; otherwise nothing is recorded or written and the card
 * says why. The first click wins (an ETag write that only succeeds while no restore is recorded);
 * the NetBird writes are the step runner's (restore-step.ts, through the work queue), which reads
 * Entra once more right before writing. Every click, allowed or refused, is audited.
 */
import { z } from 'zod';
import { notice, type OffboardingActionResult } from '../action-result.js';
import { isCaseSubject, isItApprover } from '../authorize.js';
import { audit, findCaseById, loadCase, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { Actor, OffboardingCase } from '../model.js';
import { unblockGate } from '../unblock-gate.js';
import { offerable } from './changes.js';
import { updateReturnerCard } from './offer.js';
import { returnerView } from '../views.js';

type Clicker = { aadObjectId: string; name?: string };
const asActor = (a: Clicker): Actor => ({ kind: 'user', id: a.aadObjectId, ...(a.name ? { name: a.name } : {}) });
const nameOf = (a: Clicker): string => a.name ?? a.aadObjectId;

const restoreData = z.object({ caseId: z.string().min(1).max(100) }).loose();

/** The offer can still be taken: recorded on the user's current case, not restored or withdrawn. */
function restorable(c: OffboardingCase): boolean {
  return !!c.returner && !c.returner.restore && !c.returner.withdrawn && offerable(c);
}

async function refuse(
  ctx: OffboardingContext,
  c: OffboardingCase,
  clicker: Clicker,
  summary: string,
  banner: string,
): Promise<OffboardingActionResult> {
  await audit(ctx, c, { action: 'returner.refused', actor: asActor(clicker), result: 'refused', summary });
  return { view: returnerView(c, { banner, bannerStyle: 'attention' }) };
}

export async function confirmRestore(
  ctx: OffboardingContext,
  raw: unknown,
  clicker: Clicker,
): Promise<OffboardingActionResult> {
  const ref = restoreData.safeParse(raw);
  if (!ref.success) return notice('Invalid card', "This card's data is not valid. Nothing was changed.");
  const c = await findCaseById(ctx, ref.data.caseId);
  if (!c) return notice('Case not found', 'This offboarding case no longer exists.', 'warning');
  if (isCaseSubject(c, clicker.aadObjectId)) {
    return refuse(
      ctx,
      c,
      clicker,
      `${nameOf(clicker)} tried to restore their own NetBird access: refused`,
      'This is about you: you cannot restore your own access. Another IT approver must. Nothing was changed.',
    );
  }
  const current = await loadCase(ctx, c.userId);
  if (!current || current.id !== c.id || !restorable(current))
    return { view: returnerView(current?.id === c.id ? current : c) };
  if (!(await isItApprover(ctx, clicker.aadObjectId))) {
    return refuse(
      ctx,
      current,
      clicker,
      `${nameOf(clicker)} is not an IT approver: restore refused`,
      'Only an IT approver can restore NetBird access. Nothing was changed.',
    );
  }
  // Entra now, not as it was when the card was posted: the account may have been disabled since.
  const gate = await unblockGate(ctx, c.userId);
  if (!gate.ok) {
    const at = ctx.now().toISOString();
    const { case: after } = await updateCase(ctx, c.userId, (cur) =>
      cur.id === c.id && cur.returner
        ? { ...cur, returner: { ...cur.returner, refused: { at, reason: gate.reason } } }
        : undefined,
    );
    const latest = after ?? current;
    await audit(ctx, latest, {
      action: 'returner.refused',
      actor: asActor(clicker),
      result: 'refused',
      summary: `Restore refused: ${gate.reason}; nothing was written to NetBird`,
    });
    await updateReturnerCard(ctx, latest);
    return {
      view: returnerView(latest, {
        banner: `Not restored: ${gate.reason}. Nothing was changed.`,
        bannerStyle: 'attention',
      }),
    };
  }
  const at = ctx.now().toISOString();
  const { written, case: after } = await updateCase(ctx, c.userId, (cur) =>
    cur.id === c.id && restorable(cur)
      ? { ...cur, returner: { ...cur.returner!, restore: { by: clicker, at }, refused: undefined } }
      : undefined,
  );
  if (!written || !after) {
    const latest = (await loadCase(ctx, c.userId)) ?? current;
    return { view: returnerView(latest.id === c.id ? latest : current) };
  }
  await audit(ctx, after, {
    action: 'returner.restore-approved',
    actor: asActor(clicker),
    result: 'ok',
    summary: `Restore approved by ${nameOf(clicker)} (IT approver; the account is enabled in Entra): restoring NetBird access`,
  });
  // Everyone sees the decision before the restore is queued (a fast restore's card is newer).
  await updateReturnerCard(ctx, after);
  await ctx.storage.work.send({ kind: 'advance', userId: c.userId, reason: 'returner restore approved' });
  return { view: returnerView(after) };
}
