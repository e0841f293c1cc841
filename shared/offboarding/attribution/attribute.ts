/**
 * Which NetBird peers are the leaver's, and on what evidence (DESIGN.md §2, §5b). Pure.
 *
 * SSO peers are the leaver's by `user_id`. A setup-key machine peer (empty `user_id`) is the
 * leaver's when a claim names its hostname; every claim for it is kept, strongest first. When the
 * strongest claim for the laptop is another enabled person's (as strong as the leaver's best, or
 * stronger), it is `shared`: listed with "also used by", not quarantined, the approver decides.
 * Two peers with one hostname (a re-imaged laptop) are both listed; the card shows both last-seen.
 */
import { hostnameMatches } from '../../netbird/index.js';
import type { NetBirdPeer } from '../../netbird/index.js';
import type { Device, Evidence, OtherUser } from '../model.js';
import { STRENGTH, byStrength, type Claim } from './evidence.js';

export interface AttributionInput {
  peers: readonly NetBirdPeer[];
  /** The leaver's NetBird user, when there is one. */
  netbirdUserId: string | undefined;
  /** Claims for the leaver (no `person`) and for other people (with `person`). */
  claims: readonly Claim[];
  /** When the evidence was read. */
  at: string;
}

export function attribute(input: AttributionInput): Device[] {
  const mine = input.claims.filter((c) => !c.person);
  const others = input.claims.filter((c) => c.person);
  const out: Device[] = [];
  for (const peer of input.peers) {
    if (input.netbirdUserId && peer.user_id === input.netbirdUserId) {
      out.push(toDevice(peer, 'sso', 'enrolled by the user (user_id)'));
      continue;
    }
    if (peer.user_id) continue; // another person's SSO peer
    const evidence = dedupe(mine.filter((c) => hostnameMatches(peer, c.hostname)).sort(byStrength)).map(
      (c): Evidence => ({ source: c.source, detail: c.detail, at: input.at }),
    );
    if (evidence.length === 0) continue;
    const best = STRENGTH[evidence[0]!.source];
    const rivals = dedupe(
      others.filter((c) => c.person!.enabled && hostnameMatches(peer, c.hostname)).sort(byStrength),
    );
    const alsoUsedBy = rivals.map((c): OtherUser => ({
      name: c.person!.name,
      ...(c.person!.entraId ? { id: c.person!.entraId } : {}),
      source: c.source,
      detail: c.detail,
    }));
    const shared = rivals.some((c) => STRENGTH[c.source] >= best);
    out.push({
      ...toDevice(peer, 'machine', evidence[0]!.detail),
      evidence,
      ...(alsoUsedBy.length ? { alsoUsedBy } : {}),
      ...(shared ? { shared: true } : {}),
    });
  }
  return out.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name) ||
      (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''),
  );
}

function dedupe(claims: readonly Claim[]): Claim[] {
  const seen = new Set<string>();
  return claims.filter((c) => {
    const key = `${c.source}|${c.detail}|${c.person?.entraId ?? c.person?.name ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function toDevice(peer: NetBirdPeer, kind: Device['kind'], matchedBy: string): Device {
  return {
    peerId: peer.id,
    name: peer.name || peer.hostname,
    hostname: peer.hostname,
    os: [peer.os, peer.kernel_version].filter(Boolean).join(' ') || 'unknown',
    ...(peer.last_seen ? { lastSeen: peer.last_seen } : {}),
    connected: peer.connected,
    kind,
    matchedBy,
    groups: (peer.groups ?? []).map((g) => ({ id: g.id, name: g.name })),
  };
}
