/**
 * NetBird peers: list, filter server-side by name or IP, look up by user or hostname, read one,
 * delete one.
 *
 * `peersByHostname` and `peersByUserId` filter the full list: offboarding must not miss a laptop
 * whose NetBird name differs from its hostname, and there is no server filter by user. The server
 * filters (`peersNamed`, `peersWithIp`) serve one-device lookups (`tunnel <device>`), where listing
 * 20,000 peers to find one is the waste (DESIGN.md §5b). `?name=` is a SQL `name LIKE '%x%'` on the
 * peer's display name, not its hostname, and whether it ignores case depends on the database
 * (netbird management/server/store/sql_store.go, GetAccountPeers): callers match exactly themselves.
 */
import { NetBirdError } from './errors.js';
import { normalisePeer } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdPeer } from './types.js';

export interface DeletePeerResult {
  /** false when the peer was already gone (404): deleting twice is not an error. */
  deleted: boolean;
}

/** `fresh`: ask NetBird now rather than share a recent answer (shared-reads.ts). */
export async function listPeers(t: NetBirdTransport, options: { fresh?: boolean } = {}): Promise<NetBirdPeer[]> {
  return t.shared(
    'peers',
    '',
    async () => (await t.list('GET /api/peers', t.http.GET('/api/peers'))).map(normalisePeer),
    options,
  );
}

/** Peers whose NetBird name contains `name` (NetBird's `?name=` filter; case as the database compares). */
export async function peersNamed(t: NetBirdTransport, name: string): Promise<NetBirdPeer[]> {
  const found = await t.list('GET /api/peers?name={name}', t.http.GET('/api/peers', { params: { query: { name } } }));
  return found.map(normalisePeer);
}

/** Peers NetBird finds for this address (`?ip=`); callers check equality themselves. */
export async function peersWithIp(t: NetBirdTransport, ip: string): Promise<NetBirdPeer[]> {
  const found = await t.list('GET /api/peers?ip={ip}', t.http.GET('/api/peers', { params: { query: { ip } } }));
  return found.map(normalisePeer);
}

/** Peers enrolled by this user (SSO peers). Setup-key peers have an empty `user_id` and never match. */
export async function peersByUserId(t: NetBirdTransport, userId: string): Promise<NetBirdPeer[]> {
  if (!userId) return [];
  return (await listPeers(t)).filter((p) => p.user_id === userId);
}

/**
 * Peers whose hostname or name equals `hostname`, ignoring case. A short name (no dot) also matches
 * a peer whose hostname is that name plus a domain (`LAPTOP-42` matches `laptop-42.corp.example`).
 */
export async function peersByHostname(t: NetBirdTransport, hostname: string): Promise<NetBirdPeer[]> {
  const wanted = hostname.trim().toLowerCase();
  if (!wanted) return [];
  return (await listPeers(t)).filter((p) => hostnameMatches(p, wanted));
}

export function hostnameMatches(peer: Pick<NetBirdPeer, 'hostname' | 'name'>, wantedLower: string): boolean {
  const host = (peer.hostname ?? '').trim().toLowerCase();
  const name = (peer.name ?? '').trim().toLowerCase();
  if (host === wantedLower || name === wantedLower) return true;
  return !wantedLower.includes('.') && host.split('.')[0] === wantedLower;
}

export async function getPeer(t: NetBirdTransport, peerId: string): Promise<NetBirdPeer> {
  const peer = await t.object(
    'GET /api/peers/{peerId}',
    t.http.GET('/api/peers/{peerId}', { params: { path: { peerId } } }),
  );
  return normalisePeer(peer);
}

export async function deletePeer(t: NetBirdTransport, peerId: string): Promise<DeletePeerResult> {
  try {
    await t.noContent(
      'DELETE /api/peers/{peerId}',
      t.http.DELETE('/api/peers/{peerId}', { params: { path: { peerId } } }),
    );
    return { deleted: true };
  } catch (err) {
    // A retried DELETE whose first attempt succeeded, or a second offboarding run, lands here.
    if (err instanceof NetBirdError && err.isNotFound) return { deleted: false };
    throw err;
  }
}
