/**
 * The offboarding cards of the core's views (shared/offboarding/views.ts), built from the stored case or batch: the typed data of the templates in
 * cards/offboarding/ plus the fallback text. Every card of a case is built here, so the copy sent
 * to the manager, the reminder, the escalation and the in-place updates always agree.
 */
import { usersReleased, type Batch } from '../../shared/offboarding/batch-model.js';
import { describeReason } from '../../shared/offboarding/cases.js';
import { netbirdUserOf, type Device, type OffboardingCase } from '../../shared/offboarding/model.js';
import {
  fmtTime,
  isDecidable,
  MAX_CARD_DEVICES,
  who,
  type ApprovalView,
  type FailureView,
} from '../../shared/offboarding/views.js';
import type { CardMessage } from '../bot/message.js';
import { truncate } from '../list.js';
import { renderAlertCard } from './alert.js';
import { renderApprovalCard, type ApprovalCardData, type ContainerStyle } from './approval.js';
import { MAX_BATCH_USERS_SHOWN, renderBatchCard } from './batch.js';

const by = (p: { name?: string | undefined; aadObjectId: string }): string => p.name ?? p.aadObjectId;

/** How the approval card is shown: a banner, or read only. */
export type CardView = Omit<ApprovalView, 'kind' | 'case'>;

/**
 * Teams user MRI of an Entra user, the form `refresh.userIds` takes (not a bare object id):
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
 * Teams' own `from.id` (`29:…`) works too, but the app knows approvers by Entra object id.
 */
export const teamsUserMri = (aadObjectId: string): string => `8:orgid:${aadObjectId.toLowerCase()}`;

export function approvalMessage(c: OffboardingCase, view: CardView = {}): CardMessage {
  const { shown, more } = truncate(c.devices, MAX_CARD_DEVICES);
  const data: ApprovalCardData = {
    caseId: c.id,
    title: `Offboarding: ${who(c)}`,
    subtitle: [c.upn, describeReason(c.reason), `detected ${fmtTime(c.openedAt)}`, c.note ? `"${c.note}"` : undefined]
      .filter(Boolean)
      .join(' · '),
    banner: view.banner ?? defaultBanner(c),
    bannerStyle:
      view.bannerStyle ??
      (c.state === 'escalated' || c.unblockRefused || c.priorDecisions?.length ? 'attention' : 'warning'),
    facts: facts(c),
    warnings: [
      ...(c.inventory?.quarantineWarnings ?? []),
      ...(c.inventory?.entraDevicesNote ? [c.inventory.entraDevicesNote] : []),
      ...(c.inventory?.attributionNotes ?? []),
    ],
    devices: shown.map((d, i) => ({
      name: d.name,
      kind: d.kind === 'sso' ? 'SSO peer' : 'machine peer (setup key)',
      detail: deviceDetail(d),
      evidence: (d.evidence ?? []).map((e) => e.detail).join('; '),
      flag: deviceFlag(c, d),
      choiceId: `device_${i}`,
      // A shared laptop is someone else's too: keeping it is the safe default.
      choice: d.decision ?? (d.shared ? 'keep' : 'remove'),
      result: deviceResult(c, d),
    })),
    more: more ? `${more}: they are kept; decide them in the NetBird console` : '',
    open: isDecidable(c) && !view.readOnly,
    ...outcome(c),
    canUnblock: c.state === 'rejected' && !c.unblock && !view.readOnly,
    refreshUserIds: c.manager ? [teamsUserMri(c.manager.id)] : [],
  };
  return { card: renderApprovalCard(data), text: `${data.title}: ${data.outcome || 'your approval is needed'}` };
}

function defaultBanner(c: OffboardingCase): string {
  const prior = c.priorDecisions?.at(-1);
  if (c.state === 'rejected' && c.unblockRefused) {
    return `Not unblocked (${fmtTime(c.unblockRefused.at)}): ${c.unblockRefused.reason}. NetBird stays blocked until the account is enabled in Entra.`;
  }
  if (isDecidable(c) && prior?.outcome === 'reject') {
    return `Reopened: rejected as a false alarm by ${by(prior.by)} at ${fmtTime(prior.at)}, but the Entra account is still disabled. Decide again.`;
  }
  if (c.state === 'escalated' && isDecidable(c))
    return `Escalated to IT: no decision since ${fmtTime(c.approvalSentAt)}`;
  return c.dryRun ? 'Dry run: nothing is written to NetBird' : '';
}

function facts(c: OffboardingCase): { title: string; value: string }[] {
  const nb = netbirdUserOf(c);
  const machines = c.devices.filter((d) => d.kind === 'machine');
  const quarantined = machines.filter(
    (d) => d.quarantine?.done && ['done', 'no-change', 'planned'].includes(d.quarantine.done.result),
  ).length;
  const blocked = !nb
    ? 'no NetBird account'
    : c.block?.result === 'planned'
      ? 'would be blocked (dry run)'
      : c.block
        ? `blocked ${fmtTime(c.block.at)}`
        : 'not yet blocked';
  const out = [
    { title: 'NetBird user', value: blocked },
    { title: 'Machine peers quarantined', value: `${quarantined} of ${machines.length}` },
    {
      title: 'Approver',
      value: c.manager ? `${c.manager.name} (manager)` : 'no manager in Entra: IT approvers decide',
    },
    { title: 'Requested by', value: c.requestedBy.name ?? c.requestedBy.kind },
  ];
  if (c.failure) out.push({ title: 'Failed', value: `${c.failure.step}: ${c.failure.message}` });
  return out;
}

function deviceDetail(d: Device): string {
  // With evidence shown on its own line, matchedBy (the strongest evidence) is not repeated.
  const parts = [
    d.os,
    d.connected ? 'connected' : `last seen ${fmtTime(d.lastSeen)}`,
    ...(d.evidence?.length ? [] : [d.matchedBy]),
  ];
  const left = (d.quarantine?.removedFrom ?? []).map((g) =>
    g.via?.some((v) => v.startsWith('route '))
      ? `${g.name} (${g.via.filter((v) => v.startsWith('route ')).join(', ')})`
      : g.name,
  );
  if (d.quarantine?.done?.result === 'done' || d.quarantine?.done?.result === 'no-change') {
    parts.push(`quarantined: out of ${left.join(', ') || 'no policy group'}`);
  } else if (d.quarantine?.done?.result === 'planned') parts.push('quarantine planned (dry run)');
  else if (d.shared) parts.push('not quarantined');
  return parts.join(' · ');
}

function deviceFlag(c: OffboardingCase, d: Device): string {
  const flags: string[] = [];
  if (d.alsoUsedBy?.length) {
    flags.push(
      `Also used by ${d.alsoUsedBy.map((o) => `${o.name} (${o.detail})`).join('; ')}${d.shared ? ': not quarantined, you decide' : ''}`,
    );
  }
  const twins = c.devices.filter(
    (o) =>
      o !== d && o.kind === 'machine' && d.kind === 'machine' && o.hostname.toLowerCase() === d.hostname.toLowerCase(),
  );
  if (twins.length) flags.push(`${twins.length + 1} peers named ${d.hostname} (re-imaged?): compare last seen`);
  return flags.join(' · ');
}

function deviceResult(c: OffboardingCase, d: Device): string {
  if (d.cleanup) {
    const labels = {
      deleted: 'Removed from the network',
      'already-gone': 'Already gone from NetBird',
      restored: 'Kept: groups restored',
      kept: 'Kept',
    } as const;
    return `${labels[d.cleanup.action]}${d.cleanup.result === 'planned' ? ' (dry run: planned)' : ''}`;
  }
  if (c.decision?.outcome === 'approve')
    return d.decision === 'keep' ? 'Keep: restoring its groups…' : 'Remove: deleting…';
  return '';
}

function outcome(c: OffboardingCase): { outcome: string; outcomeStyle: ContainerStyle } {
  const d = c.decision;
  if (c.state === 'closed') {
    switch (c.outcome) {
      case 'approved':
        return {
          outcome: `Approved by ${d ? `${by(d.by)} at ${fmtTime(d.at)}` : 'an approver'}. Done: ${summary(c)}. Case closed ${fmtTime(c.closedAt)}.`,
          outcomeStyle: 'good',
        };
      case 'restored': {
        const r = c.returner?.restore;
        return {
          outcome: `Enabled again in Entra; NetBird access restored by ${r ? `${by(r.by)} at ${fmtTime(r.at)}` : 'IT'}. Case closed ${fmtTime(c.closedAt)}.`,
          outcomeStyle: 'good',
        };
      }
      case 'false-alarm':
        return {
          outcome: `Rejected as a false alarm${d ? ` by ${by(d.by)} at ${fmtTime(d.at)}` : ''}; IT (${c.unblock ? by(c.unblock.by) : '?'}) confirmed: NetBird user unblocked and machine peers restored.`,
          outcomeStyle: 'good',
        };
      default:
        return { outcome: `Closed ${fmtTime(c.closedAt)}: ${c.outcome ?? 'done'}.`, outcomeStyle: 'default' };
    }
  }
  if (c.state === 'rejected' && d) {
    return {
      outcome: `Rejected as a false alarm by ${by(d.by)} at ${fmtTime(d.at)}. The NetBird user stays blocked until a second IT approver confirms and Entra says the account is enabled.`,
      outcomeStyle: 'warning',
    };
  }
  if (c.returner?.restore && !d)
    return {
      outcome: `Enabled again in Entra: ${by(c.returner.restore.by)} is restoring NetBird access…`,
      outcomeStyle: 'good',
    };
  if (d?.outcome === 'approve')
    return { outcome: `Approved by ${by(d.by)} at ${fmtTime(d.at)}: cleaning up…`, outcomeStyle: 'good' };
  return { outcome: '', outcomeStyle: 'default' };
}

function summary(c: OffboardingCase): string {
  const count = (a: string) => c.devices.filter((d) => d.cleanup?.action === a).length;
  return `${count('deleted')} removed, ${count('restored') + count('kept')} kept, ${count('already-gone')} already gone`;
}

/** "releasing 120: 50 of 120 queued for offboarding" while the chunks run (batch-release.ts). */
function releaseText(b: Batch): string {
  const r = b.release;
  if (!r) return 'offboarding them now.';
  if (r.completedAt) return `all ${r.total} released; offboarding them now.`;
  return `releasing ${r.total}: ${usersReleased(r)} of ${r.total} queued for offboarding so far.`;
}

export function batchMessage(b: Batch): CardMessage {
  const { shown, more } = truncate(b.users, MAX_BATCH_USERS_SHOWN);
  const decided = b.decidedBy ? ` by ${by(b.decidedBy)} at ${fmtTime(b.decidedAt)}` : '';
  const outcomeText =
    b.status === 'released'
      ? `Confirmed${decided}: ${releaseText(b)}`
      : b.status === 'dismissed'
        ? `Dismissed${decided}: none of them is blocked.`
        : '';
  const title = `Blast-radius guard: ${b.users.length} user(s) held`;
  const card = renderBatchCard({
    batchId: b.id,
    title,
    summary: `${b.source === 'sweep' ? 'One sweep' : 'A burst of notifications'} would block more than the allowed ${b.allowance} of ${b.netbirdUsers} NetBird users. Nothing has been blocked for them. Confirm to offboard them all, or dismiss.`,
    style: b.status === 'held' ? 'attention' : b.status === 'released' ? 'good' : 'default',
    users: shown.map((u) => ({ name: u.name ?? u.userId, upn: u.upn ?? u.userId })),
    more,
    open: b.status === 'held',
    outcome: outcomeText,
  });
  return { card, text: `${title}${outcomeText ? `: ${outcomeText}` : ': IT confirmation needed'}` };
}

export function alertMessage(input: Omit<FailureView, 'kind'>): CardMessage {
  const c = input.c;
  const name = c ? who(c) : (input.userId ?? 'unknown user');
  const card = renderAlertCard({
    title: `Offboarding failed: ${name}`,
    style: 'attention',
    summary: `The step "${input.step}" failed${input.attempts ? ` ${input.attempts} times` : ''} and will not be retried automatically.`,
    facts: [
      { title: 'User', value: c?.upn ?? input.userId ?? 'unknown' },
      { title: 'Case', value: c ? `${c.id} (${c.state})` : 'none' },
      { title: 'Error', value: input.message },
      { title: 'Queue', value: input.queue },
    ],
    advice: c
      ? `Fix the cause, then run "offboard ${c.upn ?? c.userId}" in Teams to resume the case from where it stopped.`
      : 'Fix the cause; the next sweep or an "offboard <user>" command starts over.',
  });
  return { card, text: `Offboarding failed: ${name}: ${input.message}` };
}
