/**
 * `tunnel <device | user>`: which peers, and does each have line of sight to a DC.
 *
 * One DC context per command (shared/netbird/dc-context.ts: policies, networks, routes, DNS and the
 * routing peers, read while the peer is looked up), then the domain's `assessPeer` for each peer
 * (shared/domain/dc-access: routing peers per site, port coverage, AD DNS, All→All, the peer's own
 * state). Lookup order: text with `@` or an object id is a user; anything else is a peer name or
 * address found with NetBird's own filters (shared/netbird/peer-lookup.ts: exact, then partial:
 * several give a pick list), then a bare user name. Only the user path lists every peer: a user's
 * SSO peers can only be found by `user_id`, which NetBird cannot filter on.
 */
import { assessPeer, type DcAccessAssessment, type NetworkSnapshot } from '../domain/dc-access/index.js';
import type { GraphUser } from '../graph/index.js';
import type { NetBirdPeer } from '../netbird/index.js';
import type { Services } from '../services.js';
import { UsageError } from '../errors.js';
import { fetchDcContext, lookupPeers, NetBirdError, withPeers } from '../netbird/index.js';
import { findEntraUser, findUserPeers, looksLikeUser, type PeerRole } from './user-lookup.js';

export interface AssessedPeer {
  peer: NetBirdPeer;
  /** `device`: found by its own name, not through a user. */
  role: PeerRole | 'device';
  device?: string;
  assessment: DcAccessAssessment;
}

export type TunnelSubject = { kind: 'device'; query: string } | { kind: 'user'; user: GraphUser };

export type TunnelAnswer =
  | { kind: 'peers'; subject: TunnelSubject; peers: AssessedPeer[]; notes: string[] }
  | { kind: 'choose'; query: string; candidates: NetBirdPeer[] }
  | { kind: 'not-found'; query: string; notes: string[] };

function assess(services: Services, snapshot: NetworkSnapshot, now: Date, peer: NetBirdPeer): DcAccessAssessment {
  return assessPeer(peer, snapshot, services.config.sites, services.config.adDnsDomain, now);
}

async function forUser(
  services: Services,
  user: GraphUser,
  context: Promise<NetworkSnapshot>,
  now: Date,
): Promise<TunnelAnswer> {
  const found = await findUserPeers(services, user, services.netbirdRead.listPeers());
  const net = withPeers(
    await context,
    found.peers.map((f) => f.peer),
  );
  const peers = found.peers.map(({ peer, role, device }) => ({
    peer,
    role,
    ...(device ? { device } : {}),
    assessment: assess(services, net, now, peer),
  }));
  const notes = [...found.notes];
  if (peers.length === 0)
    notes.push(
      'No NetBird peer belongs to this user: no SSO peer, and no setup-key peer named like one of their Entra devices.',
    );
  return { kind: 'peers', subject: { kind: 'user', user }, peers, notes };
}

function forDevice(
  services: Services,
  query: string,
  peer: NetBirdPeer,
  context: NetworkSnapshot,
  now: Date,
): TunnelAnswer {
  const net = withPeers(context, [peer]);
  return {
    kind: 'peers',
    subject: { kind: 'device', query },
    peers: [{ peer, role: 'device', assessment: assess(services, net, now, peer) }],
    notes: [],
  };
}

async function userOrUndefined(services: Services, query: string, callerId: string): Promise<GraphUser | undefined> {
  try {
    return await findEntraUser(services, query, callerId);
  } catch (err) {
    // Not a possible user name: after a failed peer search, "not found" says it all.
    if (err instanceof UsageError) return undefined;
    throw err;
  }
}

export async function tunnelLookup(
  services: Services,
  query: string,
  callerId: string,
  now: Date,
): Promise<TunnelAnswer> {
  const context = fetchDcContext(services.netbirdRead);
  // Awaited below on every path; this only stops an early Graph failure leaving it unhandled.
  context.catch(() => undefined);
  if (looksLikeUser(query)) {
    const user = await findEntraUser(services, query, callerId);
    if (!user) return { kind: 'not-found', query, notes: [`No Entra user ${query}.`] };
    return forUser(services, user, context, now);
  }
  const { exact, partial } = await lookupPeers(services.netbirdRead, query);
  const matches = exact.length ? exact : partial;
  if (matches.length === 1) return forDevice(services, query, matches[0]!, await context, now);
  if (matches.length > 1) return { kind: 'choose', query, candidates: matches };
  const user = await userOrUndefined(services, query, callerId);
  if (user) return forUser(services, user, context, now);
  return {
    kind: 'not-found',
    query,
    notes: [`No NetBird peer is named like "${query}", and no Entra user has that name.`],
  };
}

/** The answer for one peer picked from a pick list (by id, so a renamed peer is still found). */
export async function tunnelForPeer(services: Services, peerId: string, now: Date): Promise<TunnelAnswer> {
  const context = fetchDcContext(services.netbirdRead);
  context.catch(() => undefined);
  const peer = await services.netbirdRead.getPeer(peerId).catch((err: unknown) => {
    if (err instanceof NetBirdError && err.isNotFound) return undefined;
    throw err;
  });
  if (!peer) return { kind: 'not-found', query: peerId, notes: ['That peer no longer exists in NetBird.'] };
  return forDevice(services, peer.name, peer, await context, now);
}
