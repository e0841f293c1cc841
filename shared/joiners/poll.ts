/**
 * The joiner poll (timer JOINER_SCHEDULE, every 2 minutes): finds NetBird users waiting for
 * approval, sends each one card (to the Entra manager 1:1 and to the IT channel), closes the cards
 * of users approved or rejected in the NetBird dashboard meanwhile, and reminds and escalates
 * unanswered cards (APPROVAL_REMIND_HOURS / APPROVAL_ESCALATE_HOURS, as offboarding does).
 *
 * Why poll `GET /api/users` and not the audit events: NetBird CE has no notifications or webhooks
 * (DESIGN.md §5b), and `GET /api/events/audit` returns the newest 10,000 events with no paging or
 * filter, so on a busy account a `user.join` can scroll out between two reads and is lost for
 * good. The user list is the state itself: one read answers "who is pending now" and "who is no
 * longer pending" (decided in the dashboard), and a missed run costs nothing but a delay.
 *
 * Once per user across runs and instances: the row (PendingJoiners, one per NetBird user id) is
 * inserted before anything is sent, and only the instance whose insert (or ETag replace of a
 * closed row) succeeded sends. A row left without `approvalSentAt` (a crash between claim and
 * send) is claimed again with an ETag write after RESEND_AFTER_MS and sent then.
 */
import { errorMessage, ConflictError } from '../errors.js';
import type { NetBirdUser } from '../netbird/index.js';
import { joinerAudit, POLL_ACTOR } from './audit.js';
import { updateJoinerCards } from './card-updates.js';
import type { JoinerDeps, SentMessage } from './deps.js';
import { approveBlockedReason, isOpen, joinerId, whoJoins, type PendingJoiner } from './model.js';
import { gatherFacts } from './profile.js';
import { openJoiners, updateJoiner } from './rows.js';
import { JOINER_PARTITION, joinerRowKey } from './storage.js';
import { fmtTime, joinerView } from './views.js';

export const RESEND_AFTER_MS = 10 * 60_000;
const H = 3_600_000;

export interface JoinerPollResult {
  pending: number;
  carded: string[];
  closed: string[];
  reminded: string[];
  escalated: string[];
}

export async function runJoinerPoll(deps: JoinerDeps): Promise<JoinerPollResult> {
  const users = await deps.netbird.listUsers({ fresh: true });
  const pending = users.filter((u) => u.pending_approval && !u.is_service_user);
  const out: JoinerPollResult = { pending: pending.length, carded: [], closed: [], reminded: [], escalated: [] };
  let groupNames: Map<string, string> | undefined;
  const names = async () => (groupNames ??= new Map((await deps.netbird.listGroups()).map((g) => [g.id, g.name])));

  for (const user of pending) {
    try {
      const j = await claim(deps, user, names);
      if (j && (await sendCards(deps, j))) out.carded.push(j.id);
    } catch (err) {
      deps.logger.error('could not raise a card for a pending NetBird user', {
        netbirdUserId: user.id,
        error: errorMessage(err),
      });
    }
  }

  const pendingIds = new Set(pending.map((u) => u.id));
  for (const j of await openJoiners(deps)) {
    if (!pendingIds.has(j.netbirdUserId)) {
      if (
        await closeDecidedElsewhere(
          deps,
          j,
          users.find((u) => u.id === j.netbirdUserId),
        )
      )
        out.closed.push(j.id);
      continue;
    }
    if (j.decision || !j.approvalSentAt) continue;
    const waited = (deps.now().getTime() - Date.parse(j.approvalSentAt)) / H;
    if (waited >= deps.settings.escalateAfterHours && !j.escalatedAt) {
      if (await escalate(deps, j, waited)) out.escalated.push(j.id);
    } else if (waited >= deps.settings.remindAfterHours && !j.remindedAt && !j.escalatedAt) {
      if (await remind(deps, j, waited)) out.reminded.push(j.id);
    }
  }
  return out;
}

/** The row this run may send for, or undefined when there is nothing to send or another run has it. */
async function claim(
  deps: JoinerDeps,
  user: NetBirdUser,
  names: () => Promise<Map<string, string>>,
): Promise<PendingJoiner | undefined> {
  const { joiners } = deps.store;
  const rk = joinerRowKey(user.id);
  const row = await joiners.get(JOINER_PARTITION, rk);
  const now = deps.now();
  if (row && isOpen(row.value)) {
    const stale = !row.value.approvalSentAt && now.getTime() - Date.parse(row.value.updatedAt) >= RESEND_AFTER_MS;
    if (!stale) return undefined;
    const retaken = { ...row.value, updatedAt: now.toISOString() };
    try {
      await joiners.update(JOINER_PARTITION, rk, retaken, row.etag);
    } catch (err) {
      if (err instanceof ConflictError) return undefined;
      throw err;
    }
    return retaken;
  }
  const facts = await gatherFacts(deps, user, await names());
  const fresh: PendingJoiner = {
    id: joinerId(user.id),
    netbirdUserId: user.id,
    email: user.email ?? '',
    name: user.name ?? '',
    ...facts,
    state: 'awaiting-approval',
    open: true,
    detectedAt: now.toISOString(),
    messages: [],
    updatedAt: now.toISOString(),
  };
  try {
    // A closed row (this user was decided before and is pending again) is replaced, ETag-guarded.
    if (row) await joiners.update(JOINER_PARTITION, rk, fresh, row.etag);
    else await joiners.insert(JOINER_PARTITION, rk, fresh);
  } catch (err) {
    if (err instanceof ConflictError) return undefined; // another run claimed it first
    throw err;
  }
  const blocked = approveBlockedReason(fresh);
  await joinerAudit(deps, fresh, {
    action: 'joiner.detected',
    actor: POLL_ACTOR,
    result: 'ok',
    summary: `${whoJoins(fresh)} is waiting for NetBird approval${fresh.entra ? ` (Entra match by ${fresh.entra.matchedBy})` : ': no Entra user matches'}`,
    detail: {
      autoGroups: fresh.autoGroups,
      manager: fresh.manager?.name ?? null,
      entraEnabled: fresh.entra?.accountEnabled ?? null,
    },
  });
  if (blocked) {
    await joinerAudit(deps, fresh, {
      action: 'joiner.flagged',
      actor: POLL_ACTOR,
      result: 'skipped',
      summary: `Approve not offered: ${blocked}; flagged to IT`,
    });
  }
  return fresh;
}

/** Manager 1:1 (unless Approve is not offered) and the IT channel; recorded once on the row. */
async function sendCards(deps: JoinerDeps, j: PendingJoiner): Promise<boolean> {
  const view = joinerView(j);
  const sent: SentMessage[] = [];
  const teams = deps.teams();
  if (j.manager && !approveBlockedReason(j))
    sent.push(await teams.sendToUserOrChannel({ aadObjectId: j.manager.id, name: j.manager.name }, view));
  // The manager's copy fell back to a channel post (app not installed): that post is IT's copy too.
  if (!sent.some((m) => m.via === 'channel')) sent.push(await teams.postToChannel(view));
  const at = deps.now().toISOString();
  const { written } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && !cur.approvalSentAt
      ? { ...cur, approvalSentAt: at, messages: [...cur.messages, ...sent] }
      : undefined,
  );
  if (written) {
    const where = sent
      .map((m) => (m.via === 'personal' ? `${j.manager?.name ?? 'the manager'} (1:1)` : 'the IT channel'))
      .join(' and ');
    await joinerAudit(deps, j, {
      action: 'approval.sent',
      actor: POLL_ACTOR,
      result: 'ok',
      summary: `Approval card sent to ${where}`,
    });
  }
  return written;
}

async function closeDecidedElsewhere(
  deps: JoinerDeps,
  j: PendingJoiner,
  now: NetBirdUser | undefined,
): Promise<boolean> {
  // A decision made on the card is carried out by decide.ts; only a stuck one is finished here.
  if (j.decision && deps.now().getTime() - Date.parse(j.decision.at) < RESEND_AFTER_MS) return false;
  const note = j.decision
    ? `${j.decision.outcome === 'approve' ? 'approved' : 'rejected'} by ${j.decision.by.name ?? j.decision.by.aadObjectId}; NetBird shows it done`
    : now
      ? now.is_blocked
        ? 'no longer pending in NetBird: handled in the dashboard (the user is blocked)'
        : 'approved in the NetBird dashboard'
      : 'rejected or removed in the NetBird dashboard';
  const at = deps.now().toISOString();
  const { joiner: closed, written } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && isOpen(cur)
      ? {
          ...cur,
          state: cur.decision ? (cur.decision.outcome === 'approve' ? 'approved' : 'rejected') : 'decided-elsewhere',
          open: false,
          closedAt: at,
          closedNote: note,
        }
      : undefined,
  );
  if (!written || !closed) return false;
  await joinerAudit(deps, closed, {
    action: 'joiner.closed',
    actor: POLL_ACTOR,
    result: 'ok',
    summary: `Card closed: ${note}`,
    target: `${j.state} → ${closed.state}`,
  });
  await updateJoinerCards(deps, closed);
  return true;
}

async function remind(deps: JoinerDeps, j: PendingJoiner, hours: number): Promise<boolean> {
  const view = joinerView(j, {
    banner: `Reminder: waiting for a decision since ${fmtTime(j.approvalSentAt)} (${Math.floor(hours)} h)`,
    bannerStyle: 'warning',
  });
  const teams = deps.teams();
  const sent =
    j.manager && !approveBlockedReason(j)
      ? await teams.sendToUserOrChannel({ aadObjectId: j.manager.id, name: j.manager.name }, view)
      : await teams.postToChannel(view);
  const at = deps.now().toISOString();
  const { written } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && isOpen(cur) && !cur.remindedAt
      ? { ...cur, remindedAt: at, messages: [...cur.messages, sent] }
      : undefined,
  );
  if (written) {
    await joinerAudit(deps, j, {
      action: 'approval.reminded',
      actor: POLL_ACTOR,
      result: 'ok',
      summary: `Reminder sent via ${sent.via} after ${Math.floor(hours)} h`,
    });
  }
  return written;
}

async function escalate(deps: JoinerDeps, j: PendingJoiner, hours: number): Promise<boolean> {
  const from = j.manager ? ` from ${j.manager.name}` : '';
  const view = joinerView(
    { ...j, state: 'escalated' },
    {
      banner: `Escalated to IT: no decision in ${Math.floor(hours)} h${from}. An IT approver can decide.`,
      bannerStyle: 'attention',
    },
  );
  const sent = await deps
    .teams()
    .postToChannel(view, j.manager ? [{ aadObjectId: j.manager.id, name: j.manager.name }] : []);
  const at = deps.now().toISOString();
  const { joiner: moved, written } = await updateJoiner(deps, j.netbirdUserId, (cur) =>
    cur.id === j.id && cur.state === 'awaiting-approval' && !cur.decision
      ? { ...cur, state: 'escalated', escalatedAt: at, messages: [...cur.messages, sent] }
      : undefined,
  );
  if (!written || !moved) return false;
  await joinerAudit(deps, moved, {
    action: 'approval.escalated',
    actor: POLL_ACTOR,
    result: 'ok',
    summary: `Escalated to the IT channel: no decision in ${Math.floor(hours)} h`,
    target: 'awaiting-approval → escalated',
  });
  await updateJoinerCards(deps, moved);
  return true;
}
