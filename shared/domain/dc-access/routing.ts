/**
 * Which routing peers publish each site's DC networks, and whether any of them is connected to
 * the management server. Networks (routers + resources) are current; legacy `/api/routes` count too.
 */
import type { SiteTargets } from './dc-targets.js';
import { resourceReachesSite } from './dc-targets.js';
import type { NetworkSnapshot, Peer, Route } from './netbird-types.js';

/**
 * A legacy route's distribution groups: every peer in them reaches the routed network. Without
 * access-control groups no policy is needed for that (DESIGN.md §5b), so such a route is a path
 * to the network that leaving policy groups does not cut. Disabled routes count: they can be
 * enabled again. The `tunnel` verdict and quarantine both go by this.
 */
export function policyFreeDistributionGroups(
  routes: readonly Pick<Route, 'groups' | 'access_control_groups' | 'network_id' | 'id'>[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const route of routes) {
    if ((route.access_control_groups ?? []).length > 0) continue;
    for (const g of route.groups ?? []) out.set(g, [...(out.get(g) ?? []), route.network_id || route.id]);
  }
  return out;
}

export interface RoutingPeer {
  id: string;
  name: string;
  connected: boolean;
  lastSeen: string;
  via: string;
}
export interface SiteRouting {
  site: string;
  status: 'ok' | 'down' | 'none';
  routingPeers: RoutingPeer[];
}

function peersOf(snapshot: NetworkSnapshot, peerId: string | undefined, peerGroups: string[] | undefined): Peer[] {
  const ids = new Set<string>();
  if (peerId) ids.add(peerId);
  for (const gid of peerGroups ?? []) {
    const group = snapshot.groups.find((g) => g.id === gid);
    for (const p of group?.peers ?? []) ids.add(p.id);
  }
  return snapshot.peers.filter((p) => ids.has(p.id));
}

export function siteRouting(
  snapshot: NetworkSnapshot,
  targets: SiteTargets,
  peerGroupIds?: ReadonlySet<string>,
): SiteRouting {
  const found = new Map<string, RoutingPeer>();
  const add = (peers: Peer[], via: string) => {
    for (const p of peers)
      if (!found.has(p.id))
        found.set(p.id, { id: p.id, name: p.name, connected: p.connected, lastSeen: p.last_seen, via });
  };
  const resourceIds = new Set(targets.resources.map((r) => r.id));
  for (const { network, routers, resources } of snapshot.networks) {
    if (!resources.some((r) => resourceIds.has(r.id))) continue;
    for (const router of routers)
      if (router.enabled) add(peersOf(snapshot, router.peer, router.peer_groups), `network "${network.name}"`);
  }
  for (const route of snapshot.routes) {
    if (!route.enabled || !route.network || !resourceReachesSite(route.network, targets.site)) continue;
    // A legacy route only reaches peers in its distribution groups.
    if (peerGroupIds && !(route.groups ?? []).some((g) => peerGroupIds.has(g))) continue;
    add(peersOf(snapshot, route.peer, route.peer_groups), `route ${route.network_id}`);
  }
  const routingPeers = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  const status = routingPeers.length === 0 ? 'none' : routingPeers.some((r) => r.connected) ? 'ok' : 'down';
  return { site: targets.site.name, status, routingPeers };
}
