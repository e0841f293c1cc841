/**
 * The processor behind the `graph-notifications` queue: "check user X" from a Graph notification,
 * the delta sweep, or a batch IT released. Re-read the user, then open or advance the user's case.
 * Idempotent: duplicate and replayed messages, and a sweep that finds the same user, meet the same
 * case (one row per user, ETag writes) and its recorded steps, so NetBird is changed once.
 */
import { SYSTEM } from './audit.js';
import { advanceCase, type AdvanceResult } from './advance.js';
import { audit, loadCase, moveCase, openCase, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import { entraVerdict, type EntraVerdict } from './entra-verdict.js';
import type { UserCheck } from './messages.js';
import { reexamineRejected } from './reexamine.js';
import { noteLeaverWaiting } from './leavers-waiting.js';
import { offerRestore, withdrawOffer } from './returner/offer.js';
import type { Actor, CaseReason, OffboardingCase } from './model.js';

export type CheckResult =
  | { outcome: 'nothing-to-do'; verdict: EntraVerdict['kind']; note: string }
  | { outcome: 'advanced'; verdict: EntraVerdict['kind']; caseId: string; created: boolean; advance: AdvanceResult };

export async function processUserCheck(
  ctx: OffboardingContext,
  msg: UserCheck,
  owner: string,
  attempt?: number,
): Promise<CheckResult> {
  const leaving = noteLeaverWaiting();
  try {
    return await checkUser(ctx, msg, owner, leaving, attempt);
  } finally {
    leaving();
  }
}

async function checkUser(
  ctx: OffboardingContext,
  msg: UserCheck,
  owner: string,
  blocked: () => void,
  attempt?: number,
): Promise<CheckResult> {
  const userId = msg.userId.toLowerCase();
  const verdict = await entraVerdict(ctx.services.graph, userId);
  if (verdict.kind === 'enabled')
    return { outcome: 'nothing-to-do', verdict: verdict.kind, note: await noteEnabled(ctx, userId) };
  await noteDisabled(ctx, userId, verdict.kind);

  const actor: Actor =
    msg.source === 'notification'
      ? {
          kind: 'notification',
          ...(msg.subscriptionId ? { id: msg.subscriptionId } : {}),
          name: `Graph ${msg.changeType} notification`,
        }
      : { kind: 'sweep', name: msg.source === 'batch' ? 'released blast-radius batch' : 'delta sweep' };
  const user = verdict.kind === 'hard-deleted' ? undefined : verdict.user;
  const opened = await openCase(ctx, {
    userId,
    upn: user?.userPrincipalName,
    displayName: user?.displayName,
    mail: user?.mail,
    reason: verdict.kind satisfies CaseReason,
    requestedBy: actor,
    manual: false,
    ...(msg.admitted && msg.source === 'sweep'
      ? { admission: { via: 'sweep' as const, at: ctx.now().toISOString() } }
      : {}),
  });
  if (!opened) {
    ctx.logger.info('user already offboarded; nothing to do', { userId, verdict: verdict.kind });
    return {
      outcome: 'nothing-to-do',
      verdict: verdict.kind,
      note: "the user's case is closed and the account was not re-enabled since",
    };
  }
  if (msg.source === 'batch' && msg.batchId) await releaseHold(ctx, opened.case, msg.batchId);
  if (opened.case.state === 'rejected') await reexamineRejected(ctx, opened.case, verdict.kind);
  const advance = await advanceCase(ctx, userId, owner, attempt, { handOffAfterBlock: true, onBlocked: blocked });
  return { outcome: 'advanced', verdict: verdict.kind, caseId: opened.case.id, created: opened.created, advance };
}

/** IT confirmed the batch this case was held in: it may be contained now. */
async function releaseHold(ctx: OffboardingContext, c: OffboardingCase, batchId: string): Promise<void> {
  const at = ctx.now().toISOString();
  const { written } = await updateCase(ctx, c.userId, (cur) =>
    cur.hold?.batchId === batchId
      ? { ...cur, hold: undefined, admission: { via: 'batch', at, batchId } }
      : cur.admission
        ? undefined
        : { ...cur, admission: { via: 'batch', at, batchId } },
  );
  if (written)
    await audit(ctx, c, {
      action: 'blast-radius.released',
      actor: SYSTEM,
      result: 'ok',
      summary: 'Released by IT from the blast-radius hold',
      detail: { batchId },
    });
}

/**
 * The account is disabled or deleted: a returner offer still pending ends (the next re-enable asks
 * again), and a manual case learns the account was disabled (returner/changes.ts `offerable`).
 */
async function noteDisabled(
  ctx: OffboardingContext,
  userId: string,
  kind: Exclude<EntraVerdict['kind'], 'enabled'>,
): Promise<void> {
  await withdrawOffer(
    ctx,
    userId,
    kind === 'disabled' ? 'the account was disabled again in Entra' : 'the account was deleted in Entra',
    (cur) =>
      cur.reason === 'manual' && cur.open && !cur.seenDisabledAt ? { seenDisabledAt: ctx.now().toISOString() } : {},
  );
}

/**
 * The account is enabled: close a case still held (never contained), remember it on a finished one,
 * and ask IT whether to restore a returner's NetBird access (returner/offer.ts documents which cases).
 */
export async function noteEnabled(ctx: OffboardingContext, userId: string): Promise<string> {
  const c = await loadCase(ctx, userId);
  if (!c) return 'enabled, and no case';
  const at = ctx.now().toISOString();
  if (c.state === 'detected' && c.hold) {
    await moveCase(
      ctx,
      userId,
      ['detected'],
      'closed',
      SYSTEM,
      'Closed: the account is enabled again in Entra (it was held, nothing was blocked)',
      () => ({ hold: undefined, seenEnabledAt: at }),
      'enabled-again',
    );
    return 'enabled again: the held case was closed';
  }
  const { written } = await updateCase(ctx, userId, (cur) =>
    cur.seenEnabledAt && cur.seenEnabledAt >= (cur.closedAt ?? cur.openedAt)
      ? undefined
      : { ...cur, seenEnabledAt: at },
  );
  if (written && c.open && c.reason !== 'manual') {
    await audit(ctx, c, {
      action: 'entra.enabled-again',
      actor: SYSTEM,
      result: 'ok',
      summary: 'The account is enabled again in Entra; the case goes on (the approver or IT decides)',
    });
  }
  const offered = await offerRestore(ctx, userId);
  if (offered)
    return `enabled again: IT asked whether to restore NetBird access${c.open ? '; the open case goes on' : ''}`;
  return c.open ? 'enabled again; the open case goes on' : 'enabled; recorded on the finished case';
}
