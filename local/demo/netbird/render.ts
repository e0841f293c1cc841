/**
 * State records → the API's response shapes (the spec's `User`, `PeerBatch`, `Group`, `Policy`,
 * `Network`, ...). Counts and nested group references are computed here, from the records.
 */
import type { components } from '../../../shared/netbird/generated/openapi.js';
import type { NetBirdState, SimGroup, SimNetwork, SimPeer, SimPolicy, SimResource } from './state.js';

type Schemas = components['schemas'];

export function groupMinimum(g: SimGroup): Schemas['GroupMinimum'] {
  return { id: g.id, name: g.name, peers_count: g.peers.size, resources_count: g.resources.length, issued: g.issued };
}

/** GroupMinimum by id for one answer (a peer list renders thousands of references). */
function minimums(state: NetBirdState): Map<string, Schemas['GroupMinimum']> {
  return new Map([...state.groups.values()].map((g) => [g.id, groupMinimum(g)]));
}

export function renderGroup(state: NetBirdState, g: SimGroup): Schemas['Group'] {
  const peers = [...g.peers].map((id) => ({ id, name: state.peers.get(id)?.name ?? id }));
  // The spec's ResourceType is unsatisfiable as written (see netbird/spec.ts); the server sends these.
  return { ...groupMinimum(g), peers, resources: g.resources as unknown as Schemas['Group']['resources'] };
}

export function renderPeer(state: NetBirdState, peer: SimPeer): Schemas['Peer'] {
  const refs = minimums(state);
  return { ...peer, groups: groupIdsOfPeer(state, peer.id).map((id) => refs.get(id)!) };
}

/** `GET /api/peers` items: peers plus `accessible_peers_count` (peers that policies let it reach). */
export function renderPeerList(state: NetBirdState, peers: Iterable<SimPeer>): Schemas['PeerBatch'][] {
  const refs = minimums(state);
  const reach = reachCounter(state);
  const memberships = peerMemberships(state);
  return [...peers].map((peer) => {
    const ids = memberships.get(peer.id) ?? [];
    return { ...peer, groups: ids.map((id) => refs.get(id)!), accessible_peers_count: reach(peer.id, ids) };
  });
}

function groupIdsOfPeer(state: NetBirdState, peerId: string): string[] {
  return [...state.groups.values()].filter((g) => g.peers.has(peerId)).map((g) => g.id);
}

function peerMemberships(state: NetBirdState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of state.groups.values()) {
    for (const id of g.peers) {
      const list = out.get(id);
      if (list) list.push(g.id);
      else out.set(id, [g.id]);
    }
  }
  return out;
}

/**
 * Peers a peer may reach: members of the groups on the other side of every enabled accepting rule
 * that names one of its groups. Cached per set of groups (thousands of laptops share a few sets).
 */
function reachCounter(state: NetBirdState): (peerId: string, groupIds: string[]) => number {
  const cache = new Map<string, Set<string>>();
  const rules = state.policies
    .filter((p) => p.enabled)
    .flatMap((p) => p.rules)
    .filter((r) => r.enabled && r.action === 'accept');
  return (peerId, groupIds) => {
    const key = groupIds.join(',');
    let reachable = cache.get(key);
    if (!reachable) {
      reachable = new Set<string>();
      const mine = new Set(groupIds);
      for (const rule of rules) {
        const targets = [
          ...(rule.sources.some((id) => mine.has(id)) ? rule.destinations : []),
          ...(rule.bidirectional && rule.destinations.some((id) => mine.has(id)) ? rule.sources : []),
        ];
        for (const gid of targets) for (const p of state.groups.get(gid)?.peers ?? []) reachable.add(p);
      }
      cache.set(key, reachable);
    }
    return reachable.size - (reachable.has(peerId) ? 1 : 0);
  };
}

export function renderPolicy(state: NetBirdState, policy: SimPolicy): Schemas['Policy'] {
  const refs = minimums(state);
  const ref = (id: string) => refs.get(id) ?? { id, name: id, peers_count: 0, resources_count: 0 };
  return {
    ...policy,
    rules: policy.rules.map(({ sources, destinations, destinationResource, ...rule }) => ({
      ...rule,
      sources: sources.map(ref),
      destinations: destinations.map(ref),
      ...(destinationResource ? { destinationResource: destinationResource as unknown as Schemas['Resource'] } : {}),
    })),
  };
}

export function renderResource(state: NetBirdState, r: SimResource): Schemas['NetworkResource'] {
  const refs = minimums(state);
  return { ...r, groups: r.groups.flatMap((id) => refs.get(id) ?? []) };
}

export function renderNetwork(state: NetBirdState, n: SimNetwork): Schemas['Network'] {
  const resourceGroups = new Set(n.resources.flatMap((r) => r.groups));
  const policies = state.policies
    .filter((p) => p.rules.some((r) => r.destinations.some((id) => resourceGroups.has(id))))
    .map((p) => p.id);
  const routingPeers = new Set<string>();
  for (const router of n.routers) {
    if (router.peer) routingPeers.add(router.peer);
    for (const gid of router.peer_groups ?? []) for (const p of state.groups.get(gid)?.peers ?? []) routingPeers.add(p);
  }
  return {
    id: n.id,
    name: n.name,
    description: n.description,
    routers: n.routers.map((r) => r.id),
    routing_peers_count: routingPeers.size,
    resources: n.resources.map((r) => r.id),
    policies,
  };
}
