/**
 * The joiner card's buttons (`joiner.` verbs, `Action.Execute`). The actor comes from the activity
 * (`from.aadObjectId`) and the tenant from `channelData.tenant.id`; the card's data only names the
 * row. The first decision wins: it is recorded with an ETag write that succeeds only while the row
 * is open and undecided, then NetBird is told (`POST /api/users/{id}/approve` or
 * `DELETE /api/users/{id}/reject`), then every copy of the card is updated in place.
 * Approve also needs an enabled Entra account, read from Graph right before acting.
 */
import { z } from 'zod';
import { errorMessage } from '../errors.js';
import { NetBirdError } from '../netbird/errors.js';
import { asActor, joinerAudit } from './audit.js';
import { isJoinerSubject, joinerAuthorityOf } from './authorize.js';
import { updateJoinerCards } from './card-updates.js';
import type { JoinerDeps } from './deps.js';
import { approveBlockedReason, isOpen, whoJoins, type Clicker, type PendingJoiner } from './model.js';
import { findJoinerById, loadJoiner, updateJoiner } from './rows.js';
import { joinerView, noticeView, type JoinerAnswer } from './views.js';

export const JOINER_VERB_PREFIX = 'joiner.';
export const JOINER_VERBS = { decide: 'joiner.decide', refresh: 'joiner.refresh' } as const;

export interface JoinerActionInput {
  verb: string;
  data: unknown;
  actor: { aadObjectId: string; name?: string };
  tenantId: string | undefined;
}

const ref = z.object({ joinerId: z.string().min(1).max(600) }).loose();
const decideData = ref.extend({ decision: z.enum(['approve', 'reject']) });

const OWN_BANNER = 'This request is yours: you cannot decide it. Nothing was changed.';
const nameOf = (c: Clicker): string => c.name ?? c.aadObjectId;

export async function handleJoinerAction(deps: JoinerDeps, input: JoinerActionInput): Promise<JoinerAnswer> {
  if (!input.tenantId || input.tenantId.toLowerCase() !== deps.settings.tenantId.toLowerCase()) {
    deps.logger.warn('joiner card action from another tenant refused', { verb: input.verb });
    return noticeView('Not allowed', 'This card belongs to another organisation. Nothing was changed.');
  }
  if (!input.actor.aadObjectId) return noticeView('Not allowed', 'Teams did not say who you are. Nothing was changed.');
  const actor: Clicker = {
    aadObjectId: input.actor.aadObjectId.toLowerCase(),
    ...(input.actor.name ? { name: input.actor.name } : {}),
  };
  const parsed = (input.verb === JOINER_VERBS.decide ? decideData : ref).safeParse(input.data);
  if (!parsed.success) return noticeView('Invalid card', "This card's data is not valid. Nothing was changed.");
  const j = await findJoinerById(deps, parsed.data.joinerId);
  if (!j) return noticeView('Request not found', 'This NetBird access request no longer exists.', 'warning');
  switch (input.verb) {
    case JOINER_VERBS.refresh: {
      // Only the manager and IT approvers get the buttons; the joiner and anyone else read only.
      const mayDecide =
        !isJoinerSubject(j, actor.aadObjectId) && (await joinerAuthorityOf(deps, j, actor.aadObjectId)) !== undefined;
      return joinerView(j, { readOnly: !mayDecide });
    }
    case JOINER_VERBS.decide:
      return decide(deps, j, (parsed.data as z.infer<typeof decideData>).decision, actor);
    default:
      return noticeView(
        'Unknown action',
        `"${input.verb.slice(0, 60)}" is not a joiner action. Nothing was changed.`,
        'warning',
      );
  }
}

async function refuse(
  deps: JoinerDeps,
  j: PendingJoiner,
  clicker: Clicker,
  summary: string,
  banner: string,
): Promise<JoinerAnswer> {
  await joinerAudit(deps, j, { action: 'decision.refused', actor: asActor(clicker), result: 'refused', summary });
  return joinerView(j, { banner, bannerStyle: 'attention' });
}

async function decide(
  deps: JoinerDeps,
  j: PendingJoiner,
  outcome: 'approve' | 'reject',
  clicker: Clicker,
): Promise<JoinerAnswer> {
  if (isJoinerSubject(j, clicker.aadObjectId)) {
    return refuse(
      deps,
      j,
      clicker,
      `${nameOf(clicker)} tried to ${outcome} their own NetBird access request: refused`,
      OWN_BANNER,
    );
  }
  if (!isOpen(j) || j.decision) return joinerView(j); // decided already: the first decision wins
  const authority = await joinerAuthorityOf(deps, j, clicker.aadObjectId);
  if (!authority) {
    return refuse(
      deps,
      j,
      clicker,
      `${nameOf(clicker)} is neither the manager nor an IT approver: decision refused`,
      `Only ${j.manager ? `${j.manager.name} (the manager)` : 'the manager'} or an IT approver can decide this. Nothing was changed.`,
    );
  }
  if (outcome === 'approve') {
    const refused = await approveRefusal(deps, j);
    if (refused)
      return refuse(deps, j, clicker, `Approve refused: ${refused}`, `Not approved: ${refused}. Nothing was changed.`);
  }

  const at = deps.now().toISOString();
  const { joiner: claimed, written } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && isOpen(cur) && !cur.decision
      ? { ...cur, decision: { outcome, by: clicker, at, as: authority }, lastFailure: undefined }
      : undefined,
  );
  if (!written || !claimed) return joinerView((await loadJoiner(deps, j.netbirdUserId)) ?? j);
  await joinerAudit(deps, claimed, {
    action: 'decision',
    actor: asActor(clicker),
    result: 'ok',
    summary: `${outcome === 'approve' ? 'Approved' : 'Rejected'} by ${nameOf(clicker)} (${authority}): telling NetBird`,
    detail: { outcome, as: authority },
  });

  const done = await carryOut(deps, claimed, outcome);
  await updateJoinerCards(deps, done);
  return joinerView(done);
}

/** Why Approve cannot go ahead now: no Entra match, or Entra (read now) says disabled or gone. */
async function approveRefusal(deps: JoinerDeps, j: PendingJoiner): Promise<string | undefined> {
  const recorded = approveBlockedReason(j);
  if (recorded || !j.entraUserId) return recorded ?? 'no matching Entra user was found';
  const now = await deps.graph.getUserProfile(j.entraUserId);
  if (now?.accountEnabled === true) return undefined;
  const reason = now ? 'the Entra account is disabled' : 'the Entra user no longer exists';
  // The card learns it too: no Approve button from now on, flagged to IT.
  const { joiner: after } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && cur.entra ? { ...cur, entra: { ...cur.entra, accountEnabled: false } } : undefined,
  );
  if (after) await updateJoinerCards(deps, after);
  return reason;
}

/** Tells NetBird; closes the row on success, undoes the decision (the card can be used again) on failure. */
async function carryOut(deps: JoinerDeps, j: PendingJoiner, outcome: 'approve' | 'reject'): Promise<PendingJoiner> {
  const by = j.decision!.by;
  if (deps.settings.dryRun) {
    // The decision stays on the open row (no reminders, no second card); the poll closes it once
    // someone does it in the NetBird dashboard.
    await joinerAudit(deps, j, {
      action: outcome === 'approve' ? 'netbird.user-approve' : 'netbird.user-reject',
      actor: asActor(by),
      result: 'planned',
      summary: `Dry run: would ${outcome} ${whoJoins(j)} in NetBird; nothing was changed`,
    });
    return j;
  }
  try {
    if (outcome === 'approve') await deps.netbird.approveUser(j.netbirdUserId);
    else await deps.netbird.rejectUser(j.netbirdUserId);
  } catch (err) {
    const gone = err instanceof NetBirdError && err.isNotFound;
    const message = errorMessage(err);
    deps.logger.warn('NetBird refused a joiner decision', { joinerId: j.id, outcome, error: message });
    const at = deps.now().toISOString();
    const { joiner: after } = await updateJoiner(deps, j.netbirdUserId, (cur) => {
      if (cur.id !== j.id || !isOpen(cur)) return undefined;
      return gone
        ? {
            ...cur,
            state: 'decided-elsewhere',
            open: false,
            closedAt: at,
            closedNote:
              'gone from NetBird before the decision could be carried out (rejected or deleted in the dashboard)',
          }
        : { ...cur, decision: undefined, lastFailure: { at, message: message.slice(0, 300) } };
    });
    await joinerAudit(deps, j, {
      action: outcome === 'approve' ? 'netbird.user-approve' : 'netbird.user-reject',
      actor: asActor(by),
      result: 'failed',
      summary: gone
        ? `${whoJoins(j)} is gone from NetBird: nothing to ${outcome}`
        : `NetBird refused to ${outcome} ${whoJoins(j)}: ${message}; decide again`,
    });
    return after ?? j;
  }
  const at = deps.now().toISOString();
  const state = outcome === 'approve' ? 'approved' : 'rejected';
  const { joiner: after } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && isOpen(cur) ? { ...cur, state, open: false, closedAt: at } : undefined,
  );
  await joinerAudit(deps, j, {
    action: outcome === 'approve' ? 'netbird.user-approve' : 'netbird.user-reject',
    actor: asActor(by),
    result: 'ok',
    summary:
      outcome === 'approve'
        ? `NetBird user approved: ${whoJoins(j)} can connect`
        : `NetBird user rejected: ${whoJoins(j)} removed from the account`,
    target: `${j.state} → ${state}`,
  });
  return after ?? j;
}
