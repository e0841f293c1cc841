/**
 * The laptop IT names in `tunnel <device>`, found with NetBird's server-side filters instead of the
 * whole peer list (about 16.6 MiB at 20,000 peers; DESIGN.md §5b).
 *
 * - An IPv4 address: `GET /api/peers?ip=`; exact when the peer's address is that address.
 * - Anything else: `GET /api/peers?name=`, a `LIKE '%x%'` on the NetBird name. SQLite (NetBird's
 *   default store) ignores ASCII case, Postgres does not, so the text is also sent in lower and
 *   upper case (Windows names its computers `LAPTOP-42`, IT types `laptop-42`): at most three small
 *   answers, in parallel. A dotted name (`laptop-42.corp.contoso.com`) is searched by its first
 *   label, since the NetBird name is usually the short host name.
 * Exact means the rule offboarding uses (`hostnameMatches`: name or hostname equal, or the short
 * host name). When none is exact, every peer found is offered as a pick list: the server filter is
 * itself a partial match on the name, which is what someone typing `LAPTOP-4` means.
 * Not found: a peer renamed in NetBird so that its name no longer contains its host name. Listing
 * every peer to catch that would cost every typo the full download again; such a peer is still
 * found by its user (`tunnel alice@…`) or by its NetBird address.
 */
import type { NetBirdClient } from './client.js';
import { hostnameMatches } from './peers.js';
import type { NetBirdPeer } from './types.js';

export interface PeerMatches {
  exact: NetBirdPeer[];
  partial: NetBirdPeer[];
}

export type PeerFinder = Pick<NetBirdClient, 'peersNamed' | 'peersWithIp'>;

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

const byName = (a: NetBirdPeer, b: NetBirdPeer) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

function split(
  found: readonly NetBirdPeer[],
  isExact: (p: NetBirdPeer) => boolean,
  isPartial: (p: NetBirdPeer) => boolean,
): PeerMatches {
  const exact = found.filter(isExact);
  if (exact.length) return { exact: [...exact].sort(byName), partial: [] };
  return { exact: [], partial: found.filter(isPartial).sort(byName) };
}

/** The filter terms for a name: as typed, lower and upper case, of the first label when dotted. */
export function nameTerms(text: string): string[] {
  const label = text.split('.')[0] || text;
  return [...new Set([label, label.toLowerCase(), label.toUpperCase()])];
}

export async function lookupPeers(netbird: PeerFinder, query: string): Promise<PeerMatches> {
  const wanted = query.trim();
  if (!wanted) return { exact: [], partial: [] };
  if (IPV4.test(wanted)) {
    const found = await netbird.peersWithIp(wanted);
    return split(
      found,
      (p) => p.ip === wanted,
      () => true,
    );
  }
  const answers = await Promise.all(nameTerms(wanted).map((term) => netbird.peersNamed(term)));
  const unique = new Map<string, NetBirdPeer>();
  for (const p of answers.flat()) unique.set(p.id, p);
  const lower = wanted.toLowerCase();
  const contains = (p: NetBirdPeer) =>
    (p.name ?? '').toLowerCase().includes(lower) || (p.hostname ?? '').toLowerCase().includes(lower);
  return split([...unique.values()], (p) => hostnameMatches(p, lower), contains);
}
