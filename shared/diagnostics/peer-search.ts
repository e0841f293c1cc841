/**
 * Finding peers by what IT types: a NetBird peer name or a machine hostname, ignoring case.
 * Exact matches first (a short name also matches `name.domain`, see the NetBird client's
 * `hostnameMatches`); when none, peers whose name or hostname contains the text, so `LAPTOP-4`
 * offers a pick list instead of "not found".
 */
import { hostnameMatches } from '../netbird/index.js';
import type { NetBirdPeer } from '../netbird/index.js';

export interface PeerSearch {
  exact: NetBirdPeer[];
  partial: NetBirdPeer[];
}

const byName = (a: NetBirdPeer, b: NetBirdPeer) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export function searchPeers(peers: readonly NetBirdPeer[], query: string): PeerSearch {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return { exact: [], partial: [] };
  const exact = peers.filter((p) => hostnameMatches(p, wanted));
  if (exact.length) return { exact: [...exact].sort(byName), partial: [] };
  const partial = peers.filter((p) => (p.name ?? '').toLowerCase().includes(wanted) || (p.hostname ?? '').toLowerCase().includes(wanted));
  return { exact: [], partial: partial.sort(byName) };
}

/** A setup-key peer has no user: the Windows SYSTEM service tunnel that is up at the login screen. */
export function isMachinePeer(peer: Pick<NetBirdPeer, 'user_id'>): boolean {
  return !peer.user_id;
}
