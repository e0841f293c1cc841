/**
 * Turns a `resets` answer into its card. The two cached-credentials sentences are the point of
 * the command: a reset followed by the laptop coming online "can refresh cached credentials at the
 * next lock/unlock"; a laptop offline since "signs in with the old password until it reconnects".
 */
import { truncate } from '../list.js';
import { lines, type CardColor, type CardMessage, type Fact } from '../bot/message.js';
import { notice } from '../bot/notice.js';
import { resetsCard, type ResetEventData } from '../bot/resets.js';
import { listText, utc, whenText } from './format.js';
import type { LaptopAfter, PasswordEvent, ResetsAnswer } from '../../shared/diagnostics/resets.js';

export const MAX_EVENTS = 15;

export const WRITEBACK_NOTE =
  "Password writeback to on-premises AD: failure details are only in the Entra Connect server's event log, not in Entra. This list shows what Entra recorded; audit events can arrive a few minutes late.";

function laptopLine(
  kind: PasswordEvent['kind'],
  after: LaptopAfter | undefined,
  now: Date,
): { text: string; color: CardColor } {
  if (!after) return { text: '', color: 'Default' };
  const what = kind === 'change' ? 'change' : 'reset';
  if (after.seen === 'no-peers')
    return {
      text: `No NetBird peer of this user found: cannot tell whether a laptop has reached a DC since the ${what}.`,
      color: 'Warning',
    };
  if (after.seen)
    return {
      text: `${after.peer.name} has been online since (last seen ${whenText(after.peer.last_seen, now)}): can refresh cached credentials at the next lock/unlock.`,
      color: 'Good',
    };
  const last = after.peers.map((p) => `${p.name} last seen ${whenText(p.last_seen, now)}`);
  return {
    text: `Offline since the ${what}: signs in with the old password until it reconnects (${listText(last, 3)}).`,
    color: 'Attention',
  };
}

function initiator(e: PasswordEvent): string {
  const by = e.audit.initiatedBy;
  return by?.user?.userPrincipalName ?? by?.user?.displayName ?? by?.app?.displayName ?? 'unknown';
}

function eventData(e: PasswordEvent, now: Date): ResetEventData {
  const a = e.audit;
  const facts: Fact[] = [
    { title: 'When', value: whenText(a.activityDateTime, now) },
    { title: 'Result', value: a.result ?? 'unknown' },
  ];
  if (a.resultReason) facts.push({ title: 'Reason', value: a.resultReason });
  facts.push({ title: 'Initiated by', value: initiator(e) });
  facts.push({ title: 'Logged by', value: a.loggedByService ?? 'unknown' });
  const agent = (a.additionalDetails ?? []).find((d) => d.key === 'OnPremisesAgent')?.value;
  if (agent) facts.push({ title: 'Writeback agent', value: agent });
  const laptop = laptopLine(e.kind, e.laptop, now);
  return {
    what: a.activityDisplayName ?? 'Password event',
    whatColor: e.succeeded ? 'Default' : 'Attention',
    facts,
    laptop: laptop.text,
    laptopColor: laptop.color,
  };
}

const REFUSED = {
  licence:
    'Entra refused to read the audit log for want of a licence: reading audit logs through Microsoft Graph needs Microsoft Entra ID P1 (or P2).',
  permission:
    'The app may not read the audit log: it needs the AuditLog.Read.All application permission (with admin consent).',
  retention:
    "That window reaches past the tenant's audit log retention (7 days on the Free tier, 30 days with P1 or P2). Ask for fewer days.",
} as const;

export function resetsView(answer: ResetsAnswer, now: Date): CardMessage {
  switch (answer.kind) {
    case 'not-found':
      return notice(
        `No Entra user "${answer.query}"`,
        ['Give a user principal name or email (alice@contoso.com) or an object id.'],
        'Warning',
      );
    case 'refused':
      return notice(
        `Password events of ${answer.user.userPrincipalName ?? answer.user.id}: not available`,
        [REFUSED[answer.reason], `Graph answered ${answer.detail}.`, WRITEBACK_NOTE],
        'Attention',
      );
    case 'events': {
      const { user, events, days, since, peers } = answer;
      const name = user.displayName ?? user.userPrincipalName ?? user.id;
      const title = `Password events: ${name}`;
      const subtitle = `${user.userPrincipalName ?? user.id}: last ${days} day${days === 1 ? '' : 's'} (since ${utc(since.toISOString())}), newest first`;
      const laptops = peers.length
        ? `NetBird peers checked: ${listText(
            peers.map(
              (p) =>
                `${p.peer.name} (${p.role === 'machine' ? 'machine tunnel' : 'SSO'}, last seen ${whenText(p.peer.last_seen, now)})`,
            ),
            4,
          )}`
        : 'No NetBird peer of this user found.';
      const { shown, more } = truncate(events, MAX_EVENTS);
      const fallback = [
        title,
        subtitle,
        ...events.map((e) => {
          const laptop = laptopLine(e.kind, e.laptop, now).text;
          return `${utc(e.audit.activityDateTime)} ${e.audit.activityDisplayName ?? ''}: ${e.audit.result ?? ''}${laptop ? `. ${laptop}` : ''}`;
        }),
      ].join('\n');
      return resetsCard({
        title,
        subtitle,
        laptops,
        empty: events.length ? '' : 'No password events in this window.',
        events: shown.map((e) => eventData(e, now)),
        more: more ? `${more} older events` : '',
        notes: lines([...answer.notes, WRITEBACK_NOTE]),
        fallback,
      });
    }
  }
}
