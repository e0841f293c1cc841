/**
 * The group-drift card (`drift`, and the daily post in the IT channel): who has too much and who
 * too little of the mapped NetBird groups, per user and per device, what changed since the
 * previous daily report, and in apply mode what was written or why nothing was. Built on the
 * read-out card (cards/bot/report.ts). Long lists are cut ("and N more"); when the card would
 * still be over Teams' 28 KB, fewer people are shown.
 */
import type { DriftView, DriftUnmappedView } from '../../shared/drift/view.js';
import type { Finding, GroupRef, UserDrift } from '../../shared/drift/types.js';
import type { CardMessage, Fact } from '../bot/message.js';
import { reportCard, type ReportItem } from '../bot/report.js';
import { CardError } from '../render.js';
import { utcTime } from '../waves/text.js';

const MAX_USERS = 20;
const MAX_DEVICES = 4;
const MAX_CHANGES = 8;

const names = (groups: readonly GroupRef[]) => groups.map((g) => g.name).join(', ');

function difference(d: { extra: readonly GroupRef[]; missing: readonly GroupRef[] }): string {
  return [d.extra.length ? `too much: ${names(d.extra)}` : '', d.missing.length ? `missing: ${names(d.missing)}` : '']
    .filter(Boolean)
    .join(' · ');
}

function item(u: UserDrift): ReportItem {
  const own = u.extra.length + u.missing.length ? difference(u) : 'auto-groups match';
  const facts: Fact[] = u.devices.slice(0, MAX_DEVICES).map((d) => ({
    title: `${d.name} (${d.kind === 'sso' ? 'SSO peer' : `setup-key peer, ${d.owner ?? 'attributed'}`})`,
    value: difference(d),
  }));
  if (u.devices.length > MAX_DEVICES)
    facts.push({ title: 'Devices', value: `and ${u.devices.length - MAX_DEVICES} more` });
  return {
    title: u.email ? `${u.name} (${u.email})` : u.name,
    subtitle: `User auto-groups: ${own}`,
    color: u.extra.length ? 'Attention' : 'Warning',
    facts,
  };
}

function changeLines(label: string, list: readonly Finding[]): string[] {
  if (list.length === 0) return [];
  const shown = list
    .slice(0, MAX_CHANGES)
    .map((f) => f.label)
    .join('; ');
  return [
    `${label} (${list.length}): ${shown}${list.length > MAX_CHANGES ? `; and ${list.length - MAX_CHANGES} more` : ''}`,
  ];
}

function applyNote(view: DriftView): string[] {
  const a = view.apply;
  if (!a) return view.mode === 'report' ? ['Report only (GROUP_SYNC=report): nothing was changed.'] : [];
  if (a.kind === 'held') {
    return [
      `⚠️ Held: ${a.users} users would change, more than the blast-radius allowance of ${a.allowance}. Nothing was written. ` +
        'Check GROUP_MAP and the Entra groups; to apply anyway, an IT approver types "drift apply".',
    ];
  }
  const count = (r: string) => a.writes.filter((w) => w.result === r).length;
  const verb = a.dryRun
    ? `Dry run: ${count('planned')} writes planned, none made`
    : `Applied: ${count('done')} writes made, ${count('no-change')} already so, ${count('refused')} refused, ${count('failed')} failed`;
  return [`${verb} (audited).`];
}

function build(view: DriftView, maxUsers: number): CardMessage {
  const r = view.report;
  const facts: Fact[] = [
    { title: 'Mode', value: view.mode === 'apply' ? 'apply (GROUP_SYNC=apply)' : 'report only' },
    {
      title: 'Compared',
      value: `${r.judgedUsers} NetBird users, ${r.judgedGroups.length} mapped groups, ${r.entraGroupsRead} Entra groups`,
    },
    { title: 'Differ', value: `${r.users.length} users` },
    {
      title: view.previousAt ? `Since ${utcTime(view.previousAt)}` : 'Since',
      value: view.previousAt
        ? `${view.changes.added.length} new, ${view.changes.resolved.length} resolved`
        : 'first report',
    },
  ];
  const skipped = r.skipped.blocked + r.skipped.pending;
  const notes = [
    ...applyNote(view),
    ...changeLines('New', view.previousAt ? view.changes.added : []),
    ...changeLines('Resolved', view.changes.resolved),
    ...(r.users.length > maxUsers ? [`and ${r.users.length - maxUsers} more users differ`] : []),
    ...(r.missingGroups.length
      ? [`GROUP_MAP names NetBird groups that do not exist: ${r.missingGroups.join(', ')}`]
      : []),
    ...(skipped
      ? [
          `Not judged: ${r.skipped.blocked} blocked and ${r.skipped.pending} pending users (their access is not drift's to change).`,
        ]
      : []),
    ...(r.unmatchedMembers ? [`${r.unmatchedMembers} members of mapped Entra groups have no NetBird user yet.`] : []),
    ...(r.ambiguousMachines
      ? [
          `${r.ambiguousMachines} setup-key peers point at more than one person: not judged (assign them with "assign").`,
        ]
      : []),
  ];
  return reportCard({
    title: view.purpose === 'daily' ? 'Group drift: daily report' : 'Group drift',
    subtitle: `Entra groups (GROUP_MAP) against NetBird groups, ${utcTime(r.takenAt)}`,
    facts,
    items: r.users.slice(0, maxUsers).map(item),
    empty: "Everyone's mapped NetBird groups match their Entra groups.",
    max: maxUsers,
    moreLabel: 'users',
    notes,
  });
}

export function driftCard(view: DriftView | DriftUnmappedView): CardMessage {
  if (view.kind === 'group-drift-unmapped') {
    return reportCard({
      title: 'Group drift',
      facts: [],
      items: [],
      empty: 'GROUP_MAP is empty: no Entra group is mapped to a NetBird group.',
      max: 1,
      moreLabel: 'users',
    });
  }
  // Names and group lists vary in length: show fewer people until the card fits.
  for (let max = MAX_USERS; ; max = Math.floor(max / 2)) {
    try {
      return build(view, max);
    } catch (err) {
      if (!(err instanceof CardError) || max === 0) throw err;
    }
  }
}
