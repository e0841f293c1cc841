/**
 * How joiners read in the bot: `pending` (who waits for NetBird approval now) and a joiner request
 * in `case <user>`, laid out as report cards from the joiner use-case's data (shared/joiners).
 */
import type { CardColor, CardMessage, Fact } from '../../cards/bot/message.js';
import { reportCard, type ReportItem } from '../../cards/bot/report.js';
import type { PendingJoiner } from '../../shared/joiners/model.js';
import { whoJoins } from '../../shared/joiners/model.js';
import type { PendingEntry } from '../../shared/joiners/queries.js';
import { whenText } from '../../cards/diagnostics/format.js';

export const MAX_PENDING = 20;

const STATE_COLOR: Record<PendingJoiner['state'], CardColor> = {
  'awaiting-approval': 'Accent',
  escalated: 'Attention',
  approved: 'Good',
  rejected: 'Default',
  'decided-elsewhere': 'Default',
};

function cardState(j: PendingJoiner | undefined, now: Date): string {
  if (!j) return 'no card yet: the next joiner poll sends it';
  if (!j.approvalSentAt) return 'card being sent';
  return `${j.state}, card sent ${whenText(j.approvalSentAt, now)}${j.remindedAt ? ', reminded' : ''}`;
}

export function pendingView(entries: readonly PendingEntry[], now: Date): CardMessage {
  const items: ReportItem[] = entries.map((e) => ({
    title: e.joiner ? whoJoins(e.joiner) : e.name || e.email || e.netbirdUserId,
    subtitle: e.email,
    color: e.joiner ? STATE_COLOR[e.joiner.state] : 'Warning',
    facts: [
      { title: 'Card', value: cardState(e.joiner, now) },
      {
        title: 'Manager',
        value: e.joiner?.manager?.name ?? (e.joiner ? 'none in Entra: IT approvers decide' : 'unknown yet'),
      },
      ...(e.joiner?.entra
        ? [{ title: 'Entra account', value: e.joiner.entra.accountEnabled ? 'enabled' : 'disabled' }]
        : []),
      ...(e.joiner && !e.joiner.entra ? [{ title: 'Entra account', value: 'no match' }] : []),
    ],
  }));
  return reportCard({
    title: `Waiting for NetBird approval: ${entries.length}`,
    items,
    empty: 'Nobody is waiting for NetBird approval.',
    max: MAX_PENDING,
    moreLabel: 'users',
    notes: ["The manager or an IT approver decides on the card. A user's trail: audit <user>."],
  });
}

export function joinerFacts(j: PendingJoiner, now: Date): Fact[] {
  const facts: Fact[] = [
    { title: 'NetBird access request', value: `${j.state}, asked ${whenText(j.detectedAt, now)}` },
  ];
  if (j.decision)
    facts.push({
      title: 'Decision',
      value: `${j.decision.outcome} by ${j.decision.by.name ?? j.decision.by.aadObjectId} as ${j.decision.as}, ${whenText(j.decision.at, now)}`,
    });
  if (j.closedNote && !j.decision)
    facts.push({ title: 'Closed', value: `${j.closedNote}, ${whenText(j.closedAt, now)}` });
  return facts;
}

export function joinerCaseView(j: PendingJoiner, now: Date): CardMessage {
  return reportCard({
    title: `Joiner: ${whoJoins(j)}`,
    subtitle: `${j.email || j.entra?.upn || ''}, request ${j.id}`.replace(/^, /, ''),
    facts: [
      ...joinerFacts(j, now),
      { title: 'Manager', value: j.manager?.name ?? 'none in Entra' },
      { title: 'NetBird auto groups', value: j.autoGroups.join(', ') || 'none' },
      { title: 'Entra account', value: !j.entra ? 'no match' : j.entra.accountEnabled ? 'enabled' : 'disabled' },
    ],
    items: [],
    empty: '',
    max: 1,
    moreLabel: '',
    notes: ['Every step: audit <user>.'],
  });
}
