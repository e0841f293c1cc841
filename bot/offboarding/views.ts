/**
 * How offboarding cases and their audit trails read in the bot (`cases`, `case`, `audit`): the
 * stored case and audit events from the offboarding use-case (shared/offboarding), laid out as
 * report cards. Times are absolute UTC with a relative "ago".
 */
import type { CardColor, CardMessage, Fact } from '../../cards/bot/message.js';
import { reportCard, type ReportItem } from '../../cards/bot/report.js';
import type { OffboardingAuditEvent } from '../../shared/offboarding/audit.js';
import type { Actor, Device, OffboardingCase, Returner } from '../../shared/offboarding/model.js';
import { whenText } from '../../cards/diagnostics/format.js';

export const MAX_CASES = 15;
export const MAX_DEVICES = 10;
export const MAX_EVENTS = 20;

const STATE_COLOR: Record<OffboardingCase['state'], CardColor> = {
  detected: 'Warning',
  contained: 'Warning',
  'awaiting-approval': 'Accent',
  'cleaned-up': 'Good',
  closed: 'Good',
  rejected: 'Default',
  escalated: 'Attention',
};

export function actorText(a: Actor | undefined): string {
  if (!a) return 'unknown';
  const who = a.name ?? a.id;
  return who ? `${who} (${a.kind})` : a.kind;
}

const userOf = (c: OffboardingCase) => c.displayName ?? c.upn ?? c.userId;

export function casesView(cases: readonly OffboardingCase[], now: Date): CardMessage {
  const items: ReportItem[] = cases.map((c) => ({
    title: `${userOf(c)}: ${c.state}`,
    subtitle: c.upn ?? c.userId,
    color: STATE_COLOR[c.state],
    facts: [
      { title: 'Opened', value: `${whenText(c.openedAt, now)}, ${c.reason}` },
      { title: 'Requested by', value: actorText(c.requestedBy) },
      { title: 'Devices', value: String(c.devices.length) },
      ...(c.failure ? [{ title: 'Failed', value: `${c.failure.step}: ${c.failure.message}` }] : []),
    ],
  }));
  return reportCard({
    title: `Open offboarding cases: ${cases.length}`,
    items,
    empty: 'No open offboarding cases.',
    max: MAX_CASES,
    moreLabel: 'cases',
    notes: ['Details of one: case <user>. Its audit trail: audit <user>.'],
  });
}

function deviceItem(d: Device, now: Date): ReportItem {
  const facts: Fact[] = [
    { title: 'Kind', value: d.kind === 'machine' ? `setup-key machine peer (matched by ${d.matchedBy})` : 'SSO peer' },
    { title: 'Last seen', value: d.connected ? 'connected' : whenText(d.lastSeen, now) },
  ];
  if (d.quarantine)
    facts.push({
      title: 'Quarantine',
      value: d.quarantine.done
        ? `${d.quarantine.done.result}: out of ${d.quarantine.removedFrom.map((g) => g.name).join(', ') || 'no groups'}`
        : 'planned',
    });
  if (d.decision) facts.push({ title: 'Decision', value: d.decision });
  if (d.cleanup) facts.push({ title: 'Cleanup', value: `${d.cleanup.action} (${d.cleanup.result})` });
  return { title: d.name, subtitle: d.hostname !== d.name ? d.hostname : '', color: 'Default', facts };
}

/** The returner offer (issue 13) in one line: where it stands. */
function returnerText(r: Returner, now: Date): string {
  const noticed = `noticed ${whenText(r.offeredAt, now)}`;
  if (r.restore?.done)
    return `${noticed}; restored by ${r.restore.by.name ?? r.restore.by.aadObjectId} ${whenText(r.restore.at, now)} (${r.restore.done.result})`;
  if (r.restore) return `${noticed}; restore approved by ${r.restore.by.name ?? r.restore.by.aadObjectId}, restoring`;
  if (r.withdrawn) return `${noticed}; offer withdrawn ${whenText(r.withdrawn.at, now)}: ${r.withdrawn.reason}`;
  const refused = r.refused ? `; last restore refused: ${r.refused.reason}` : '';
  return `${noticed}; IT asked whether to restore NetBird access${refused}`;
}

/** `lead`: a sentence above the case (what the click just did). */
export function caseView(c: OffboardingCase, now: Date, lead = ''): CardMessage {
  const facts: Fact[] = [
    { title: 'State', value: c.state },
    { title: 'Reason', value: c.note ? `${c.reason}: ${c.note}` : c.reason },
    { title: 'Requested by', value: actorText(c.requestedBy) },
    { title: 'Opened', value: whenText(c.openedAt, now) },
    { title: 'Updated', value: whenText(c.updatedAt, now) },
  ];
  if (c.closedAt)
    facts.push({ title: 'Closed', value: `${whenText(c.closedAt, now)}${c.outcome ? `, ${c.outcome}` : ''}` });
  if (c.dryRun) facts.push({ title: 'Dry run', value: 'yes: changes are planned and audited, not made' });
  if (c.block) facts.push({ title: 'NetBird user blocked', value: `${c.block.result} ${whenText(c.block.at, now)}` });
  if (c.manager)
    facts.push({ title: 'Manager', value: c.manager.upn ? `${c.manager.name} (${c.manager.upn})` : c.manager.name });
  if (c.decision)
    facts.push({
      title: 'Decision',
      value: `${c.decision.outcome} by ${c.decision.by.name ?? c.decision.by.aadObjectId} as ${c.decision.as}, ${whenText(c.decision.at, now)}`,
    });
  if (c.returner) facts.push({ title: 'Enabled again', value: returnerText(c.returner, now) });
  if (c.failure) facts.push({ title: 'Failed', value: `${c.failure.step}: ${c.failure.message}` });
  else if (c.lastError) facts.push({ title: 'Last error', value: `${c.lastError.step}: ${c.lastError.message}` });
  return reportCard({
    title: `Offboarding: ${userOf(c)}`,
    subtitle: `${lead ? `${lead}\n\n` : ''}${c.upn ?? c.userId}, case ${c.id}`,
    facts,
    items: c.devices.map((d) => deviceItem(d, now)),
    empty: 'No NetBird devices found for this user.',
    max: MAX_DEVICES,
    moreLabel: 'devices',
  });
}

export function auditView(user: string, events: readonly OffboardingAuditEvent[], now: Date): CardMessage {
  // The trail is oldest first; the card shows the newest events, so the recent steps are never cut.
  const newestFirst = [...events].reverse();
  const items: ReportItem[] = newestFirst.map((e) => ({
    title: e.summary || e.action,
    subtitle: `${whenText(e.at, now)}`,
    color: e.result === 'failed' ? 'Attention' : e.result === 'refused' ? 'Warning' : 'Default',
    facts: [
      { title: 'Action', value: e.action },
      { title: 'By', value: actorText(e.actor) },
      { title: 'Result', value: e.result },
      ...(e.target ? [{ title: 'Target', value: e.target }] : []),
    ],
  }));
  return reportCard({
    title: `Audit trail: ${user}`,
    subtitle: `${events.length} event${events.length === 1 ? '' : 's'}, newest first`,
    items,
    empty: 'No audit events for this user.',
    max: MAX_EVENTS,
    moreLabel: 'older events',
  });
}
