/**
 * Turns a `tunnel` answer into its card: the words IT reads, in one place. The verdict and its
 * reasons come from the domain analysis as they are; this file only lays them out.
 */
import { truncate } from '../list.js';
import { lines, type CardColor, type CardMessage, type Fact } from '../bot/message.js';
import { notice } from '../bot/notice.js';
import { peerPickCard } from '../bot/peer-pick.js';
import { tunnelCard, type TunnelPeerData } from '../bot/tunnel.js';
import { CONNECTED_MEANS, describeMissing, type Verdict } from '../../shared/domain/dc-access/index.js';
import { compareVersions, listText, whenText } from './format.js';
import { isMachinePeer } from '../../shared/diagnostics/peer-search.js';
import type { AssessedPeer, TunnelAnswer } from '../../shared/diagnostics/tunnel.js';

/** Peers shown in full on one card; each is about 2 KB, and a card must stay under 28 KB. */
export const MAX_PEERS = 5;
export const MAX_CANDIDATES = 8;

const VERDICT: Record<Verdict, { text: string; color: CardColor }> = {
  ok: { text: 'DC line of sight: OK', color: 'Good' },
  'at-risk': { text: 'DC line of sight: at risk', color: 'Warning' },
  broken: { text: 'DC line of sight: broken', color: 'Attention' },
};

export interface ViewOptions {
  now: Date;
  minNetbirdVersion: string | undefined;
}

function osText(os: string, kernel: string): string {
  if (!kernel) return os || 'unknown';
  // The Windows client reports "Windows 11" and puts the build in kernel_version (DESIGN.md §5).
  return `${os || 'unknown'} (${/windows/i.test(os) ? 'build' : 'kernel'} ${kernel})`;
}

function versionText(version: string, minimum: string | undefined): string {
  if (!version) return 'unknown';
  return minimum && compareVersions(version, minimum) < 0 ? `${version} (below the minimum ${minimum})` : version;
}

function loginExpiryText(p: AssessedPeer['peer'], now: Date): string {
  if (p.login_expired) return 'EXPIRED: nobody can use this peer until someone signs in again';
  if (!p.login_expiration_enabled)
    return isMachinePeer(p) ? 'off (setup-key peer: the machine tunnel does not expire)' : 'off';
  return p.last_login ? `on; last login ${whenText(p.last_login, now)}` : 'on';
}

function enrolmentText(a: AssessedPeer): string {
  if (a.role === 'machine') return `setup key (machine tunnel), matched to Entra device ${a.device ?? ''}`.trim();
  if (a.role === 'sso') return "SSO (this user's peer)";
  return isMachinePeer(a.peer) ? 'setup key (machine tunnel)' : "SSO (a user's peer)";
}

function peerFacts(a: AssessedPeer, options: ViewOptions): Fact[] {
  const p = a.peer;
  const facts: Fact[] = [
    { title: 'Connected', value: p.connected ? 'yes (to the management server)' : 'no' },
    { title: 'Last seen', value: whenText(p.last_seen, options.now) },
    { title: 'NetBird version', value: versionText(p.version, options.minNetbirdVersion) },
    { title: 'OS', value: osText(p.os, p.kernel_version) },
    { title: 'Login expiry', value: loginExpiryText(p, options.now) },
    {
      title: 'Groups',
      value: listText(
        (p.groups ?? []).map((g) => g.name),
        8,
      ),
    },
    { title: 'Enrolled with', value: enrolmentText(a) },
  ];
  if (p.hostname && p.hostname !== p.name) facts.push({ title: 'Hostname', value: p.hostname });
  if (p.ip) facts.push({ title: 'NetBird IP', value: p.ip });
  return facts;
}

function pathFacts(a: AssessedPeer, now: Date): Fact[] {
  const facts: Fact[] = a.assessment.sites.map(({ routing, ports }) => {
    const routers = routing.routingPeers.map(
      (r) =>
        `${r.name} ${r.connected ? 'connected' : `not connected (last seen ${whenText(r.lastSeen, now)})`} via ${r.via}`,
    );
    const route =
      routing.status === 'none' ? 'no routing peer publishes the DC network' : `routing peers: ${listText(routers, 4)}`;
    const open =
      ports.missing.length === 0
        ? `all AD ports open (${listText(ports.grantingPolicies, 4)})`
        : `missing ${describeMissing(ports.missing).join(', ')}`;
    return { title: routing.site, value: `${route}. Ports: ${open}.` };
  });
  const dns = a.assessment.dns;
  facts.push({ title: 'AD DNS', value: `${dns.status === 'ok' ? 'OK' : 'PROBLEM'}: ${dns.detail}` });
  const allToAll = a.assessment.allToAllPolicies;
  facts.push({
    title: 'Default All→All',
    value: allToAll.length ? `STILL ENABLED (${allToAll.join(', ')})` : 'disabled or removed',
  });
  return facts;
}

function peerData(a: AssessedPeer, options: ViewOptions): TunnelPeerData {
  const verdict = VERDICT[a.assessment.verdict];
  return {
    name: a.peer.name,
    verdict: verdict.text,
    verdictColor: verdict.color,
    reasons: lines(a.assessment.reasons),
    facts: peerFacts(a, options),
    path: pathFacts(a, options.now),
  };
}

function fallbackOf(title: string, peers: readonly AssessedPeer[], notes: readonly string[]): string {
  const each = peers.map(
    (a) =>
      `${a.peer.name}: ${VERDICT[a.assessment.verdict].text}${a.assessment.reasons.length ? ` (${a.assessment.reasons.join('; ')})` : ''}`,
  );
  return [title, ...notes, ...each].join('\n');
}

export function tunnelView(answer: TunnelAnswer, options: ViewOptions): CardMessage {
  switch (answer.kind) {
    case 'not-found':
      return notice(
        `Nothing found for "${answer.query}"`,
        [...answer.notes, 'Try a peer name or hostname (LAPTOP-42), or a user (alice@contoso.com).'],
        'Warning',
      );
    case 'choose': {
      const { shown, more } = truncate(answer.candidates, MAX_CANDIDATES);
      const title = `${answer.candidates.length} peers match "${answer.query}"`;
      return peerPickCard({
        title,
        hint: 'Pick one to check its line of sight to the domain controllers.',
        candidates: shown.map((p) => ({
          id: p.id,
          name: p.name,
          detail: `${p.connected ? 'connected' : 'not connected'}, last seen ${whenText(p.last_seen, options.now)}${p.hostname && p.hostname !== p.name ? `, host ${p.hostname}` : ''}`,
        })),
        more: more ? `${more}: type more of the name to narrow the list` : '',
        fallback: [title, ...shown.map((p) => p.name), more].filter(Boolean).join('\n'),
      });
    }
    case 'peers': {
      const { subject, peers, notes } = answer;
      const title =
        subject.kind === 'user'
          ? `Tunnel: ${subject.user.displayName ?? subject.user.userPrincipalName ?? subject.user.id}`
          : `Tunnel: ${peers[0]?.peer.name ?? subject.query}`;
      const subtitle =
        subject.kind === 'user'
          ? `${subject.user.userPrincipalName ?? subject.user.id}: ${peers.length} peer${peers.length === 1 ? '' : 's'}`
          : `Peer ${peers[0]?.peer.hostname ?? subject.query}`;
      const { shown, more } = truncate(peers, MAX_PEERS);
      return tunnelCard({
        title,
        subtitle,
        notes: lines(notes),
        peers: shown.map((a) => peerData(a, options)),
        more: more ? `${more} peers` : '',
        connectedMeans: CONNECTED_MEANS,
        fallback: fallbackOf(title, peers, notes),
      });
    }
  }
}
