/**
 * The NetBird simulator's account: plain data a test or the dev console can read and change.
 * Records keep ids where NetBird's database keeps ids (a rule's groups, a group's peers); the
 * API's nested shapes (a peer's `groups`, a group's `peers_count`...) are rendered from them on
 * each answer (render.ts), so they can never disagree.
 */
import type { components } from '../../../shared/netbird/generated/openapi.js';

type Schemas = components['schemas'];

export type SimUser = Schemas['User'];
/** A peer as stored: its groups are the groups whose member set holds its id. */
export type SimPeer = Omit<Schemas['Peer'], 'groups'>;
export type ResourceType = 'host' | 'subnet' | 'domain' | 'peer';
export interface ResourceRef {
  id: string;
  type: ResourceType;
}

export interface SimGroup {
  id: string;
  name: string;
  issued: 'api' | 'jwt' | 'integration';
  peers: Set<string>;
  resources: ResourceRef[];
}

export interface SimRule {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  action: 'accept' | 'drop';
  bidirectional: boolean;
  protocol: 'all' | 'tcp' | 'udp' | 'icmp' | 'netbird-ssh';
  ports?: string[];
  port_ranges?: { start: number; end: number }[];
  /** Group ids. */
  sources: string[];
  destinations: string[];
  destinationResource?: ResourceRef;
}

export interface SimPolicy {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  source_posture_checks: string[];
  /** NetBird 0.77 keeps one rule per policy. */
  rules: SimRule[];
}

export interface SimResource {
  id: string;
  type: 'host' | 'subnet' | 'domain';
  name: string;
  description: string;
  address: string;
  enabled: boolean;
  /** Group ids. */
  groups: string[];
}

export interface SimNetwork {
  id: string;
  name: string;
  description: string;
  routers: Schemas['NetworkRouter'][];
  resources: SimResource[];
}

export type SimEvent = Schemas['Event'];

export interface NetBirdState {
  users: Map<string, SimUser>;
  peers: Map<string, SimPeer>;
  groups: Map<string, SimGroup>;
  policies: SimPolicy[];
  networks: SimNetwork[];
  routes: Schemas['Route'][];
  nameserverGroups: Schemas['NameserverGroup'][];
  setupKeys: Schemas['SetupKey'][];
  /** Oldest first; the API answers newest first, at most 10,000. */
  events: SimEvent[];
  /** Personal access token → the service user it belongs to. */
  tokens: Map<string, string>;
}

export function groupByName(state: NetBirdState, name: string): SimGroup | undefined {
  for (const g of state.groups.values()) if (g.name === name) return g;
  return undefined;
}

/** A peer by id, name or hostname (names ignore case): what the dev console's controls accept. */
export function findPeer(state: NetBirdState, idOrName: string): SimPeer | undefined {
  const byId = state.peers.get(idOrName);
  if (byId) return byId;
  const wanted = idOrName.trim().toLowerCase();
  for (const p of state.peers.values())
    if (p.name.toLowerCase() === wanted || p.hostname.toLowerCase() === wanted) return p;
  return undefined;
}

/** Groups that hold the peer, in the account's group order. */
export function groupsOfPeer(state: NetBirdState, peerId: string): SimGroup[] {
  return [...state.groups.values()].filter((g) => g.peers.has(peerId));
}

/** The SSO peers of a user (setup-key peers have an empty `user_id`). */
export function peersOfUser(state: NetBirdState, userId: string): SimPeer[] {
  // A loop, not a copy of the map: a burst blocks 1,000 users against 20,000 peers in one process.
  const peers: SimPeer[] = [];
  for (const p of state.peers.values()) if (p.user_id === userId) peers.push(p);
  return peers;
}

/** Roles whose tokens may change things; `auditor` (and `user`) only read. */
export const WRITE_ROLES = new Set(['owner', 'admin', 'network_admin']);
