/**
 * Everything the DC line-of-sight analysis reads, fetched once per command and in parallel:
 * peers, groups, policies, networks with their routers and resources, legacy routes and DNS
 * nameserver groups. One snapshot serves every peer the command shows, so a user with three
 * laptops costs the same NetBird calls as one laptop: 6 + 2 per network.
 * The read-only token is enough (DESIGN.md §2: diagnostics never write).
 *
 * The full peer and group lists are for the paths that need every peer: wave health (each wave's
 * members and group sets) and `tunnel <user>` (a user's SSO peers have no server filter). One
 * device (`tunnel <device>`) reads a targeted context instead (dc-context.ts, peer-lookup.ts).
 */
import type { NetworkSnapshot } from '../domain/dc-access/index.js';
import type { NetBirdClient } from './client.js';

export async function fetchNetworkSnapshot(netbird: NetBirdClient): Promise<NetworkSnapshot> {
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
  const [peers, groups, policies, withRouters, routes, nameserverGroups] = await Promise.all([
    netbird.listPeers(),
    netbird.listGroups(),
    netbird.listPolicies(),
    networks,
    netbird.listRoutes(),
    netbird.listNameserverGroups(),
  ]);
  return { peers, groups, policies, networks: withRouters, routes, nameserverGroups };
}
