/**
 * The wave's peers grouped by the exact set of NetBird groups they are in, each set assessed once
 * with dc-access's `assessGroups` (routing, AD port coverage, DNS, All→All). Policies and DNS are
 * granted to groups, so peers with the same groups have the same DC path: 2,000 peers usually
 * make a handful of sets, and the DNS and port checks can name exactly the peers a gap affects.
 */
import type { Site } from '../config/domain.js';
import { assessGroups, type NetworkSnapshot } from '../domain/dc-access/index.js';
import type { NetBirdPeer } from '../netbird/index.js';
import type { GroupSet } from './types.js';

export function groupSets(
  peers: readonly NetBirdPeer[],
  network: NetworkSnapshot,
  sites: Site[],
  adDomain: string,
): GroupSet[] {
  const byKey = new Map<string, { ids: string[]; names: string[]; peers: NetBirdPeer[] }>();
  for (const peer of peers) {
    const groups = [...(peer.groups ?? [])].sort((a, b) => a.id.localeCompare(b.id));
    const key = groups.map((g) => g.id).join('\n');
    const entry = byKey.get(key) ?? {
      ids: groups.map((g) => g.id),
      names: groups.map((g) => g.name).sort(),
      peers: [],
    };
    entry.peers.push(peer);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((e) => {
    const groupIds = new Set(e.ids);
    return {
      groupIds,
      groupNames: e.names,
      peers: e.peers,
      assessment: assessGroups(groupIds, network, sites, adDomain),
    };
  });
}

/** "General Users, Engineers" without the catch-all group every peer is in. */
export function describeGroups(names: readonly string[]): string {
  const shown = names.filter((n) => n !== 'All');
  return shown.length ? shown.join(', ') : names.join(', ') || 'no groups';
}
