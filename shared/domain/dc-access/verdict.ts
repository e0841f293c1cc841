/**
 * "DC line of sight" for one peer: OK, at risk or broken, with the reasons. Honest about what the
 * API can prove: `connected` means connected to the management server, not a WireGuard handshake
 * with a DC (DESIGN.md §3).
 */
import type { Site } from '../../config/domain.js';
import { defaultAllToAllPolicies } from './all-to-all.js';
import { siteTargets } from './dc-targets.js';
import { adDnsCheck, type DnsCheck } from './dns.js';
import type { NetworkSnapshot, Peer } from './netbird-types.js';
import { describeMissing, portCoverage, type PortCoverage } from './port-coverage.js';
import { siteRouting, type SiteRouting } from './routing.js';

export type Verdict = 'ok' | 'at-risk' | 'broken';

export interface SiteAssessment {
  routing: SiteRouting;
  ports: PortCoverage;
  usable: boolean;
}

export interface DcAccessAssessment {
  verdict: Verdict;
  reasons: string[];
  sites: SiteAssessment[];
  dns: DnsCheck;
  allToAllPolicies: string[];
}

export const CONNECTED_MEANS =
  '"Connected" means connected to the NetBird management server, not a proven WireGuard tunnel to a DC.';

const STALE_AFTER_MS = 24 * 3600_000;

/** The DC path from a set of groups (a peer's, or a wave's) to every site. */
export function assessGroups(
  sourceGroupIds: ReadonlySet<string>,
  snapshot: NetworkSnapshot,
  sites: Site[],
  adDomain: string,
): DcAccessAssessment {
  const reasons: string[] = [];
  const assessed = siteTargets(snapshot, sites).map((targets): SiteAssessment => {
    const routing = siteRouting(snapshot, targets, sourceGroupIds);
    const ports = portCoverage(snapshot.policies, sourceGroupIds, targets);
    return { routing, ports, usable: routing.status === 'ok' && ports.missing.length === 0 };
  });
  for (const s of assessed) {
    if (s.routing.status === 'none') reasons.push(`${s.routing.site}: no routing peer publishes the DC network`);
    else if (s.routing.status === 'down')
      reasons.push(
        `${s.routing.site}: routing peer${s.routing.routingPeers.length > 1 ? 's' : ''} ${s.routing.routingPeers.map((r) => r.name).join(', ')} not connected`,
      );
    if (s.ports.missing.length)
      reasons.push(`${s.ports.site}: no enabled policy opens ${describeMissing(s.ports.missing).join(', ')}`);
  }
  const dns = adDnsCheck(snapshot.nameserverGroups, adDomain, sourceGroupIds);
  if (dns.status !== 'ok') reasons.push(`DNS: ${dns.detail}`);
  const allToAllPolicies = defaultAllToAllPolicies(snapshot.policies, snapshot.groups);
  if (allToAllPolicies.length)
    reasons.push(
      `the default All→All policy is still enabled (${allToAllPolicies.join(', ')}): every peer reaches everything`,
    );

  const usable = assessed.filter((s) => s.usable).length;
  let verdict: Verdict = 'ok';
  if (usable === 0 || dns.status !== 'ok') verdict = 'broken';
  else if (usable < assessed.length || allToAllPolicies.length) verdict = 'at-risk';
  return { verdict, reasons, sites: assessed, dns, allToAllPolicies };
}

/** The DC path for one peer, including its own state (connected, login expiry, last seen). */
export function assessPeer(
  peer: Peer,
  snapshot: NetworkSnapshot,
  sites: Site[],
  adDomain: string,
  now: Date = new Date(),
): DcAccessAssessment {
  const groupIds = new Set((peer.groups ?? []).map((g) => g.id));
  const result = assessGroups(groupIds, snapshot, sites, adDomain);
  const own: string[] = [];
  let floor: Verdict = 'ok';
  if (peer.login_expired) {
    own.push('login expired: the peer cannot connect until someone signs in again');
    floor = 'broken';
  } else if (!peer.connected) {
    const since = now.getTime() - Date.parse(peer.last_seen);
    own.push(
      `not connected to the management server${Number.isFinite(since) ? `; last seen ${relativeTime(since)} ago` : ''}`,
    );
    floor = 'at-risk';
  } else if (
    Number.isFinite(Date.parse(peer.last_seen)) &&
    now.getTime() - Date.parse(peer.last_seen) > STALE_AFTER_MS
  ) {
    own.push(`reported connected but last seen ${relativeTime(now.getTime() - Date.parse(peer.last_seen))} ago`);
    floor = 'at-risk';
  }
  return { ...result, verdict: worst(result.verdict, floor), reasons: [...own, ...result.reasons] };
}

export function worst(a: Verdict, b: Verdict): Verdict {
  const rank: Record<Verdict, number> = { ok: 0, 'at-risk': 1, broken: 2 };
  return rank[a] >= rank[b] ? a : b;
}

export function relativeTime(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 1) return 'less than a minute';
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'}`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'}`;
}
