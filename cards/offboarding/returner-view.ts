/**
 * The returner card of the core's view (shared/offboarding/views.ts `ReturnerView`), built from the
 * stored case alone, so the first post, the answer to a click and every in-place update agree.
 */
import { containmentChanges, type ContainmentChanges } from '../../shared/offboarding/returner/changes.js';
import type { OffboardingCase } from '../../shared/offboarding/model.js';
import { fmtTime, who, type ReturnerView } from '../../shared/offboarding/views.js';
import type { CardMessage } from '../bot/message.js';
import type { ContainerStyle } from './approval.js';
import { renderReturnerCard, type ReturnerCardData } from './returner.js';

const by = (p: { name?: string | undefined; aadObjectId: string }): string => p.name ?? p.aadObjectId;

/** What containment changed, as the card lists it (before a restore: what Restore would undo). */
export function changeLines(
  c: OffboardingCase,
  ch: ContainmentChanges = containmentChanges(c, { beforeRestore: true }),
): ReturnerCardData['changes'] {
  const lines: ReturnerCardData['changes'] = [];
  const done = c.returner?.restore?.done !== undefined;
  if (ch.userDeleted) {
    lines.push({
      what: 'NetBird user deleted',
      detail: 'There is no NetBird user to unblock: the person signs in again to get one (and may need approval).',
    });
  } else if (ch.blocked) {
    lines.push({
      what: 'NetBird user blocked',
      detail: `Blocked ${fmtTime(c.block?.at)}. ${done ? 'Unblocked by the restore.' : 'Restore unblocks it (role and auto groups unchanged).'}`,
    });
  }
  for (const p of ch.quarantined) {
    const groups = p.groups.map((g) => g.name).join(', ') || 'no group';
    lines.push({
      what: `${p.name}: quarantined`,
      detail: done
        ? `Back in ${groups}.`
        : `Out of ${groups}. Restore puts it back into exactly these and out of ${c.quarantineGroup?.name ?? 'quarantine'}.`,
    });
  }
  for (const name of ch.deleted)
    lines.push({
      what: `${name}: deleted`,
      detail: 'Gone from NetBird: it cannot be restored; the person re-enrols the device.',
    });
  return lines;
}

function caseLine(c: OffboardingCase): string {
  if (c.state === 'closed') return `closed ${fmtTime(c.closedAt)}${c.outcome ? ` (${c.outcome})` : ''}`;
  return `${c.state}: Restore closes it (the approval card closes too)`;
}

function outcome(c: OffboardingCase): { outcome: string; outcomeStyle: ContainerStyle; open: boolean } {
  const r = c.returner;
  if (!r) return { outcome: '', outcomeStyle: 'default', open: false };
  if (r.restore?.done) {
    const planned = r.restore.done.result === 'planned' ? ' (dry run: planned, nothing written)' : '';
    return {
      outcome: `Restored by ${by(r.restore.by)} at ${fmtTime(r.restore.at)}${planned}.`,
      outcomeStyle: 'good',
      open: false,
    };
  }
  if (r.restore)
    return {
      outcome: `Restore approved by ${by(r.restore.by)} at ${fmtTime(r.restore.at)}: restoring…`,
      outcomeStyle: 'good',
      open: false,
    };
  if (r.withdrawn)
    return {
      outcome: `No longer offered (${fmtTime(r.withdrawn.at)}): ${r.withdrawn.reason}. Nothing was restored.`,
      outcomeStyle: 'default',
      open: false,
    };
  if (c.state !== 'closed' && !c.open) return { outcome: '', outcomeStyle: 'default', open: false };
  return { outcome: '', outcomeStyle: 'default', open: true };
}

export function returnerMessage(view: Pick<ReturnerView, 'case' | 'banner' | 'bannerStyle'>): CardMessage {
  const c = view.case;
  const r = c.returner;
  const result = outcome(c);
  const refused =
    r?.refused && !r.restore && !r.withdrawn
      ? `Not restored (${fmtTime(r.refused.at)}): ${r.refused.reason}. NetBird stays as it is.`
      : '';
  const data: ReturnerCardData = {
    caseId: c.id,
    title: `Enabled again in Entra: restore NetBird access for ${who(c)}?`,
    subtitle: [c.upn, `offboarding case ${caseLine(c)}`].filter(Boolean).join(' · '),
    banner:
      view.banner ??
      (refused ||
        (result.open
          ? 'Nothing is restored until an IT approver (not the user) clicks Restore. Entra is read again first.'
          : '')),
    bannerStyle: view.bannerStyle ?? (refused ? 'attention' : 'warning'),
    facts: [
      { title: 'Noticed', value: r ? fmtTime(r.offeredAt) : 'unknown' },
      { title: 'Offboarding', value: `${c.reason}, opened ${fmtTime(c.openedAt)}` },
      ...(c.decision
        ? [{ title: 'Decision', value: `${c.decision.outcome} by ${by(c.decision.by)} at ${fmtTime(c.decision.at)}` }]
        : []),
    ],
    changes: changeLines(c),
    open: result.open,
    outcome: result.outcome,
    outcomeStyle: result.outcomeStyle,
  };
  const text = `${data.title}${result.outcome ? ` ${result.outcome}` : ''}`;
  return { card: renderReturnerCard(data), text };
}
