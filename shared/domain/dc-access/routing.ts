/**
 * Which routing peers publish each site's DC networks, and whether any of them is connected to
 * the management server. Networks (routers + resources) are current; legacy `/api/routes` count too.
 */
import type { SiteTargets } from './dc-targets.js';
import { resourceReachesSite } from './dc-targets.js';
import type { NetworkSnapshot, Peer } from './netbird-types.js';

export interface RoutingPeer { id: string; name: string; connected: boolean; lastSeen: string; via: string }
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

export function siteRouting(snapshot: NetworkSnapshot, targets: SiteTargets, peerGroupIds?: ReadonlySet<string>): SiteRouting {
  const found = new Map<string, RoutingPeer>();
  const add = (peers: Peer[], via: string) => {
    for (const p of peers) if (!found.has(p.id)) found.set(p.id, { id: p.id, name: p.name, connected: p.connected, lastSeen: p.last_seen, via });
  };
  const resourceIds = new Set(targets.resources.map((r) => r.id));
  for (const { network, routers, resources } of snapshot.networks) {
    if (!resources.some((r) => resourceIds.has(r.id))) continue;
    for (const router of routers) if (router.enabled) add(peersOf(snapshot, router.peer, router.peer_groups), `network "${network.name}"`);
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
