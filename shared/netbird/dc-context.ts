/**
 * What the DC line-of-sight analysis needs besides the peer being checked, read without the two
 * lists that grow with the fleet (`GET /api/peers`, and `GET /api/groups`, whose `All` group names
 * every peer): policies, networks with their routers and resources, legacy routes and DNS
 * nameserver groups in full (they grow with the network design, not with the number of laptops:
 * a few KB), then only the routing-peer groups of enabled routers and routes (`GET /api/groups/{id}`)
 * and their peers (`GET /api/peers/{id}`), whose `connected` says whether a site is reachable.
 * Groups holding DC resources come with the resources themselves (`resource.groups`), and the
 * default All→All policy is recognised by the group names its rules carry.
 *
 * Full lists remain where every peer matters (network-snapshot.ts): wave health (every wave
 * member's peers), the sweep and offboarding inventory and quarantine planning (every peer of a
 * leaver, including renamed ones), and the user path of `tunnel` (a user's SSO peers have no
 * server filter).
 */
import type { NetworkSnapshot } from '../domain/dc-access/index.js';
import type { NetBirdClient } from './client.js';
import { NetBirdError } from './errors.js';
import type { NetBirdPeer } from './types.js';

export type DcContextReader = Pick<
  NetBirdClient,
  | 'listPolicies'
  | 'listNetworks'
  | 'listNetworkRouters'
  | 'listNetworkResources'
  | 'listRoutes'
  | 'listNameserverGroups'
  | 'getGroup'
  | 'getPeer'
>;

/** Reads of routing groups and peers in flight at once: a handful per site in practice. */
const CONCURRENCY = 8;

async function mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY)
    results.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(fn))));
  return results;
}

/** A group or peer deleted between two reads is simply not there. */
async function unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof NetBirdError && err.isNotFound) return undefined;
    throw err;
  }
}

const defined = <T>(x: T | undefined): x is T => x !== undefined;

/** The snapshot for the DC analysis with only the routing peers in `peers`; add the subject with `withPeers`. */
export async function fetchDcContext(netbird: DcContextReader): Promise<NetworkSnapshot> {
  const networks = netbird.listNetworks().then((list) =>
    Promise.all(
      list.map(async (network) => {
        const [routers, resources] = await Promise.all([
          netbird.listNetworkRouters(network.id),
          netbird.listNetworkResources(network.id),
        ]);
        return { network, routers, resources };
      }),
    ),
  );
  const [policies, withRouters, routes, nameserverGroups] = await Promise.all([
    netbird.listPolicies(),
    networks,
    netbird.listRoutes(),
    netbird.listNameserverGroups(),
  ]);
  const groupIds = new Set<string>();
  const peerIds = new Set<string>();
  const routing = [...withRouters.flatMap((n) => n.routers), ...routes].filter((r) => r.enabled);
  for (const r of routing) {
    if (r.peer) peerIds.add(r.peer);
    for (const id of r.peer_groups ?? []) groupIds.add(id);
  }
  const groups = (await mapLimit([...groupIds], (id) => unlessGone(netbird.getGroup(id)))).filter(defined);
  for (const g of groups) for (const p of g.peers ?? []) peerIds.add(p.id);
  const peers = (await mapLimit([...peerIds], (id) => unlessGone(netbird.getPeer(id)))).filter(defined);
  return { peers, groups, policies, networks: withRouters, routes, nameserverGroups };
}

/** The context with the peers being checked added (a routing peer checked itself is there once). */
export function withPeers(context: NetworkSnapshot, peers: readonly NetBirdPeer[]): NetworkSnapshot {
  const known = new Set(context.peers.map((p) => p.id));
  return { ...context, peers: [...context.peers, ...peers.filter((p) => !known.has(p.id))] };
}
