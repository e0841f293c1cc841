/**
 * How `devices <user>`, `assign` and `unassign` read in the bot: each attributed peer with its
 * evidence (strongest first), who else it points at, and what the open case did with it.
 */
import type { CardMessage, Fact } from '../../cards/bot/message.js';
import { notice } from '../../cards/bot/notice.js';
import { reportCard, type ReportItem } from '../../cards/bot/report.js';
import type { AssignResult, DevicesAnswer, UnassignResult } from '../../shared/offboarding/attribution/corrections.js';
import type { Device } from '../../shared/offboarding/model.js';
import { whenText } from '../../cards/diagnostics/format.js';

export const MAX_ATTRIBUTED = 15;

function item(d: Device, inCase: Device | undefined, now: Date): ReportItem {
  const facts: Fact[] = [
    { title: 'Kind', value: d.kind === 'machine' ? 'setup-key machine peer' : 'SSO peer (enrolled by the user)' },
    { title: 'Last seen', value: d.connected ? 'connected' : whenText(d.lastSeen, now) },
  ];
  (d.evidence ?? []).forEach((e, i) => facts.push({ title: `Evidence ${i + 1}`, value: e.detail }));
  if (d.alsoUsedBy?.length)
    facts.push({ title: 'Also used by', value: d.alsoUsedBy.map((o) => `${o.name} (${o.detail})`).join('; ') });
  if (d.shared)
    facts.push({
      title: 'Quarantine',
      value: "no: another active person's evidence is as strong; the approver decides",
    });
  else if (inCase?.quarantine?.done)
    facts.push({ title: 'In the open case', value: `quarantine ${inCase.quarantine.done.result}` });
  return { title: d.name, subtitle: d.peerId, color: d.shared ? 'Warning' : 'Default', facts };
}

export function devicesView(a: DevicesAnswer, now: Date): CardMessage {
  const who = a.user.displayName ?? a.user.upn ?? a.user.id;
  return reportCard({
    title: `Devices attributed to ${who}`,
    subtitle: a.user.upn ?? a.user.id,
    items: a.attribution.devices.map((d) =>
      item(
        d,
        a.openCase?.devices.find((x) => x.peerId === d.peerId),
        now,
      ),
    ),
    empty: 'No NetBird peer is attributed to this user.',
    max: MAX_ATTRIBUTED,
    moreLabel: 'devices',
    notes: [
      ...a.attribution.notes,
      ...(a.openCase ? [`Open offboarding case: ${a.openCase.state}.`] : []),
      'Correct it: assign <device> <user>, unassign <device>.',
    ],
  });
}

export function assignView(r: AssignResult): CardMessage {
  if (r.kind === 'no-peer')
    return notice(
      `No setup-key peer named "${r.device}" in NetBird`,
      ["Give the laptop's hostname as NetBird shows it."],
      'Warning',
    );
  const a = r.assignment;
  return notice(
    `${a.hostname} is assigned to ${a.name ?? a.upn ?? a.userId}`,
    [
      `${r.peers.length} peer(s) with this hostname. This is now the strongest evidence for it.`,
      ...(r.previous && r.previous.userId !== a.userId
        ? [`It was assigned to ${r.previous.name ?? r.previous.upn ?? r.previous.userId}.`]
        : []),
      ...r.replanned.map((p) =>
        p.added.length
          ? `Open case re-planned: ${p.added.join(', ')} added; quarantine follows.`
          : 'Open case re-planned: nothing new.',
      ),
    ],
    'Good',
  );
}

export function unassignView(r: UnassignResult): CardMessage {
  if (r.kind === 'none')
    return notice(`"${r.device}" has no assignment`, ['devices <user> shows what is attributed and why.']);
  return notice(
    `${r.previous.hostname} is no longer assigned to ${r.previous.name ?? r.previous.upn ?? r.previous.userId}`,
    [
      'Attribution goes by the other evidence again.',
      ...r.replanned.map(
        () => 'The open case was re-planned; a peer already quarantined stays so until the approver decides.',
      ),
    ],
    'Good',
  );
}
