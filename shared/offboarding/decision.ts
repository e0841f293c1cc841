/**
 * The approver's decision and IT's confirmation of a false alarm. The first decision wins: it is
 * recorded with an ETag write that only succeeds while the case is still undecided; a second click,
 * or a replay after the case closed, gets the card with the outcome. Then the cleanup is handed to
 * the work queue (failures retry there) and every copy of the card is updated in place.
 */
import { z } from 'zod';
import { auditEvent } from './audit.js';
import { isCaseSubject, isItApprover, authorityOf } from './authorize.js';
import { ensureChannelCopy, updateCardsInPlace } from './card-updates.js';
import { approvalView, isDecidable, MAX_CARD_DEVICES } from './views.js';
import { audit, findCaseById, loadCase, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { Actor, OffboardingCase } from './model.js';
import { transition } from './state-machine.js';
import { notice, type OffboardingActionResult } from './action-result.js';
import { appMetrics } from '../telemetry.js';
import { unblockGate } from './unblock-gate.js';

const choice = z.enum(['remove', 'keep']);
const decideData = z
  .object({
    caseId: z.string().min(1).max(100),
    decision: z.enum(['approve', 'reject']),
  })
  .catchall(z.unknown());

type Clicker = { aadObjectId: string; name?: string };
const asActor = (a: Clicker): Actor => ({ kind: 'user', id: a.aadObjectId, ...(a.name ? { name: a.name } : {}) });
const nameOf = (a: Clicker): string => a.name ?? a.aadObjectId;

/** Audits a refused click and answers with the case's card and the reason on a banner. */
async function refuse(
  ctx: OffboardingContext,
  c: OffboardingCase,
  clicker: Clicker,
  action: string,
  summary: string,
  banner: string,
): Promise<OffboardingActionResult> {
  await audit(ctx, c, { action, actor: asActor(clicker), result: 'refused', summary });
  return { view: approvalView(c, { banner, bannerStyle: 'attention' }) };
}

const OWN_CASE_BANNER = 'This case is about you: you cannot decide it or undo it. Nothing was changed.';

export async function decide(
  ctx: OffboardingContext,
  raw: unknown,
  clicker: Clicker,
): Promise<OffboardingActionResult> {
  const parsed = decideData.safeParse(raw);
  if (!parsed.success) return notice('Invalid card', "This card's data is not valid. Nothing was changed.");
  const data = parsed.data;
  const c = await findCaseById(ctx, data.caseId);
  if (!c) return notice('Case not found', 'This offboarding case no longer exists.', 'warning');
  if (isCaseSubject(c, clicker.aadObjectId)) {
    return refuse(
      ctx,
      c,
      clicker,
      'decision.refused',
      `${nameOf(clicker)} tried to ${data.decision} their own offboarding case: refused`,
      OWN_CASE_BANNER,
    );
  }
  if (!isDecidable(c)) return { view: approvalView(c) };

  const authority = await authorityOf(ctx, c, clicker.aadObjectId);
  if (!authority) {
    return refuse(
      ctx,
      c,
      clicker,
      'decision.refused',
      `${nameOf(clicker)} is neither the manager nor an IT approver: decision refused`,
      `Only ${c.manager ? `${c.manager.name} (the manager)` : 'the manager'} or an IT approver can decide this. Nothing was changed.`,
    );
  }

  // A missing input is the card's default (remove); anything unexpected keeps the device (the safe side).
  const choices = c.devices.map((_, i) =>
    i < MAX_CARD_DEVICES ? choice.catch('keep').parse(data[`device_${i}`] ?? 'remove') : 'keep',
  );
  const at = ctx.now();
  const { written, case: after } = await updateCase(ctx, c.userId, (cur) => {
    if (cur.id !== c.id || !isDecidable(cur)) return undefined;
    const next: OffboardingCase = {
      ...cur,
      decision: { outcome: data.decision, by: clicker, at: at.toISOString(), as: authority },
      devices: cur.devices.map((d, i) => ({ ...d, decision: choices[i] ?? 'keep' })),
    };
    return data.decision === 'reject' ? transition(next, 'rejected', at) : next;
  });
  if (!written || !after) {
    const now = (await loadCase(ctx, c.userId)) ?? c;
    return { view: approvalView(now.id === c.id ? now : c) };
  }

  if (after.approvalSentAt) appMetrics.approvalLatency((at.getTime() - Date.parse(after.approvalSentAt)) / 1000);
  const kept = after.devices.filter((d) => d.decision === 'keep').map((d) => d.name);
  const removed = after.devices.filter((d) => d.decision === 'remove').map((d) => d.name);
  await audit(ctx, after, {
    action: 'decision',
    actor: asActor(clicker),
    result: 'ok',
    summary:
      data.decision === 'approve'
        ? `Approved by ${clicker.name ?? clicker.aadObjectId} (${authority}): remove ${removed.join(', ') || 'nothing'}; keep ${kept.join(', ') || 'nothing'}`
        : `Rejected as a false alarm by ${clicker.name ?? clicker.aadObjectId} (${authority})`,
    detail: {
      outcome: data.decision,
      as: authority,
      choices: after.devices.map((d) => ({ peerId: d.peerId, decision: d.decision })),
    },
  });
  if (data.decision === 'reject') {
    await ctx.storage.audit.append(
      auditEvent(
        after.id,
        after.userId,
        {
          action: 'state.changed',
          actor: asActor(clicker),
          result: 'ok',
          summary: 'Rejected: waiting for IT to confirm the false alarm',
          target: `${c.state} → rejected`,
          detail: { from: c.state, to: 'rejected' },
        },
        ctx.now(),
      ),
    );
    await ensureChannelCopy(ctx, after); // a rejected case waits for IT, who confirm in the channel
  }
  // Every copy shows the decision before the cleanup is queued: queued first, a fast cleanup's
  // "closed" card could be overwritten by this older "cleaning up…" one.
  const latest = (await loadCase(ctx, after.userId)) ?? after;
  await updateCardsInPlace(ctx, latest);
  if (data.decision === 'approve')
    await ctx.storage.work.send({ kind: 'advance', userId: after.userId, reason: 'approved' });
  return { view: approvalView(latest) };
}

/**
 * IT confirms a false alarm: the user is unblocked and the machine peers restored. Two people and an
 * enabled account (issue 11): the confirmer is an IT approver who is neither the user nor the person
 * who rejected, and Entra, read now, says the account is enabled and not deleted. Otherwise the case
 * stays rejected and contained, and the card says why.
 */
export async function confirmUnblock(
  ctx: OffboardingContext,
  raw: unknown,
  clicker: Clicker,
): Promise<OffboardingActionResult> {
  const ref = z
    .object({ caseId: z.string().min(1).max(100) })
    .loose()
    .safeParse(raw);
  if (!ref.success) return notice('Invalid card', "This card's data is not valid. Nothing was changed.");
  const c = await findCaseById(ctx, ref.data.caseId);
  if (!c) return notice('Case not found', 'This offboarding case no longer exists.', 'warning');
  if (isCaseSubject(c, clicker.aadObjectId)) {
    return refuse(
      ctx,
      c,
      clicker,
      'unblock.refused',
      `${nameOf(clicker)} tried to confirm the unblock of their own account: refused`,
      OWN_CASE_BANNER,
    );
  }
  if (c.state !== 'rejected' || c.unblock) return { view: approvalView(c) };
  if (!(await isItApprover(ctx, clicker.aadObjectId))) {
    return refuse(
      ctx,
      c,
      clicker,
      'unblock.refused',
      `${nameOf(clicker)} is not an IT approver: unblock refused`,
      'Only an IT approver can confirm a false alarm and unblock. Nothing was changed.',
    );
  }
  if (c.decision?.by.aadObjectId.toLowerCase() === clicker.aadObjectId) {
    return refuse(
      ctx,
      c,
      clicker,
      'unblock.refused',
      `${nameOf(clicker)} rejected this case and cannot also confirm the unblock: a second IT approver must`,
      'You rejected this case: a second IT approver must confirm the unblock. Nothing was changed.',
    );
  }
  const gate = await unblockGate(ctx, c.userId);
  if (!gate.ok) {
    const refused = await recordUnblockRefused(ctx, c, gate.reason, asActor(clicker));
    await updateCardsInPlace(ctx, refused);
    return {
      view: approvalView(refused, {
        banner: `Not unblocked: ${gate.reason}. Enable the account in Entra first; NetBird stays blocked. Nothing was changed.`,
        bannerStyle: 'attention',
      }),
    };
  }
  const { written } = await updateCase(ctx, c.userId, (cur) =>
    cur.id === c.id && cur.state === 'rejected' && !cur.unblock
      ? { ...cur, unblock: { by: clicker, at: ctx.now().toISOString() }, unblockRefused: undefined }
      : undefined,
  );
  if (written) {
    await audit(ctx, c, {
      action: 'unblock.confirmed',
      actor: asActor(clicker),
      result: 'ok',
      summary: `False alarm confirmed by ${nameOf(clicker)} (the account is enabled in Entra): unblocking`,
    });
    await ctx.storage.work.send({ kind: 'advance', userId: c.userId, reason: 'false alarm confirmed' });
  }
  const latest = (await loadCase(ctx, c.userId)) ?? c;
  return { view: approvalView(latest) };
}

/** Keeps the case rejected-but-still-disabled: the refusal is recorded on the case and audited. */
export async function recordUnblockRefused(
  ctx: OffboardingContext,
  c: OffboardingCase,
  reason: string,
  actor: Actor,
): Promise<OffboardingCase> {
  const at = ctx.now().toISOString();
  const { case: after } = await updateCase(ctx, c.userId, (cur) =>
    cur.id === c.id ? { ...cur, unblock: undefined, unblockRefused: { at, reason } } : undefined,
  );
  await audit(ctx, c, {
    action: 'unblock.refused',
    actor,
    result: 'refused',
    summary: `Unblock refused: ${reason}; the NetBird user stays blocked and the case stays open`,
  });
  return after ?? c;
}
