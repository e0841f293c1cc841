/**
 * Who is in a wave and which NetBird peers are theirs (DESIGN.md §4):
 * - an Entra group: its transitive users (disabled accounts left out: offboarding owns them), each
 *   user's NetBird user (NetBirdUserIndex) and SSO peers (`user_id`), plus the setup-key machine
 *   peers (empty `user_id`) whose hostname is one of the user's Entra devices;
 * - a NetBird group (by id or name): its peers, and the Entra users behind their SSO peers.
 * NetBird users and peers are listed once per run and matched in memory; Graph is asked once per
 * user for devices (a few in parallel, cached across waves of the same run).
 */
import { NotFoundError } from '../errors.js';
import { GraphError, type GraphClient, type GraphDevice } from '../graph/index.js';
import type { NetBirdGroup, NetBirdPeer, NetBirdUser } from '../netbird/index.js';
import { hostnameMatches } from '../netbird/index.js';
import type { Wave } from '../config/domain.js';
import { mapLimit } from './concurrency.js';
import { plural } from './format.js';
import type { WaveMembers, WaveUser } from './types.js';
import { entraIdOf, type NetBirdUserIndex } from './user-index.js';

/** Parallel Graph device reads: well under Graph's per-app limits, kind to a small Function instance. */
const DEVICE_CONCURRENCY = 8;

export type MemberGraph = Pick<GraphClient, 'groupTransitiveUserMembers' | 'getUserDevices'>;

/** What member resolution reads, fetched once per run and shared by every wave. */
export interface Inventory {
  peers: NetBirdPeer[];
  groups: NetBirdGroup[];
  users: NetBirdUserIndex;
  /** Setup-key peers by lower-cased hostname, name and short hostname. */
  machinePeers: Map<string, NetBirdPeer[]>;
  /** SSO peers by NetBird user id. */
  peersByUser: Map<string, NetBirdPeer[]>;
  /** Devices per Entra user id, shared across the waves of one run. */
  devices: Map<string, Promise<GraphDevice[]>>;
}

export function buildInventory(peers: NetBirdPeer[], groups: NetBirdGroup[], users: NetBirdUserIndex): Inventory {
  const machinePeers = new Map<string, NetBirdPeer[]>();
  const peersByUser = new Map<string, NetBirdPeer[]>();
  const add = (map: Map<string, NetBirdPeer[]>, key: string, peer: NetBirdPeer) => {
    if (!key) return;
    const list = map.get(key) ?? [];
    if (!list.includes(peer)) list.push(peer);
    map.set(key, list);
  };
  for (const peer of peers) {
    if (peer.user_id) {
      add(peersByUser, peer.user_id, peer);
      continue;
    }
    const host = (peer.hostname ?? '').trim().toLowerCase();
    add(machinePeers, host, peer);
    add(machinePeers, host.split('.')[0] ?? '', peer);
    add(machinePeers, (peer.name ?? '').trim().toLowerCase(), peer);
  }
  return { peers, groups, users, machinePeers, peersByUser, devices: new Map() };
}

function machinePeersNamed(inventory: Inventory, deviceName: string): NetBirdPeer[] {
  const wanted = deviceName.trim().toLowerCase();
  if (!wanted) return [];
  // The index narrows the candidates; hostnameMatches (the NetBird client's rule) decides.
  return (inventory.machinePeers.get(wanted) ?? []).filter((p) => hostnameMatches(p, wanted));
}

function devicesOf(graph: MemberGraph, inventory: Inventory, userId: string): Promise<GraphDevice[]> {
  let devices = inventory.devices.get(userId);
  if (!devices) {
    // A user deleted since the group was read has no devices; any other failure fails the wave.
    devices = graph.getUserDevices(userId).catch((err: unknown) => {
      if (err instanceof GraphError && err.isNotFound) return [];
      throw err;
    });
    inventory.devices.set(userId, devices);
  }
  return devices;
}

async function fromEntraGroup(groupId: string, graph: MemberGraph, inventory: Inventory): Promise<WaveMembers> {
  const members = await graph.groupTransitiveUserMembers(groupId);
  const enabled = members.filter((m) => m.accountEnabled !== false);
  const notes = enabled.length < members.length ? [`${plural(members.length - enabled.length, 'disabled account')} left out`] : [];
  const peers = new Map<string, NetBirdPeer>();
  const users: WaveUser[] = [];
  const usersWithoutPeers: WaveUser[] = [];
  const found = await mapLimit(enabled, DEVICE_CONCURRENCY, async (member) => {
    const netbirdUser = inventory.users.find(member.id, member.mail ?? member.userPrincipalName);
    const sso = netbirdUser ? (inventory.peersByUser.get(netbirdUser.id) ?? []) : [];
    const devices = await devicesOf(graph, inventory, member.id);
    const machines = devices.flatMap((d) => (d.displayName ? machinePeersNamed(inventory, d.displayName) : []));
    return { member, peers: [...sso, ...machines] };
  });
  for (const { member, peers: own } of found) {
    const user = { id: member.id, name: member.displayName || member.userPrincipalName || member.id };
    users.push(user);
    if (own.length === 0) usersWithoutPeers.push(user);
    for (const p of own) peers.set(p.id, p);
  }
  return { source: 'entra-group', users, peers: [...peers.values()], usersWithoutPeers, notes };
}

function userOf(netbirdUser: NetBirdUser | undefined, userId: string): WaveUser | undefined {
  const id = entraIdOf(userId);
  if (!id) return undefined;
  return { id, name: netbirdUser?.name || netbirdUser?.email || id };
}

function fromNetBirdGroup(ref: string, inventory: Inventory): WaveMembers {
  const group = inventory.groups.find((g) => g.id === ref) ?? inventory.groups.find((g) => g.name.toLowerCase() === ref.toLowerCase());
  if (!group) throw new NotFoundError(`NetBird group "${ref}" does not exist`);
  const ids = new Set((group.peers ?? []).map((p) => p.id));
  const peers = inventory.peers.filter((p) => ids.has(p.id));
  const users = new Map<string, WaveUser>();
  for (const peer of peers) {
    if (!peer.user_id) continue;
    const user = userOf(inventory.users.get(peer.user_id), peer.user_id);
    if (user) users.set(user.id.toLowerCase(), user);
  }
  const machines = peers.filter((p) => !p.user_id).length;
  const notes = machines ? [`${plural(machines, 'setup-key peer')}: no Entra user behind them, so not in the SSPR and reset checks`] : [];
  return { source: 'netbird-group', users: [...users.values()], peers, usersWithoutPeers: [], notes };
}

export async function resolveMembers(wave: Wave, graph: MemberGraph, inventory: Inventory): Promise<WaveMembers> {
  return 'entraGroupId' in wave.members
    ? fromEntraGroup(wave.members.entraGroupId, graph, inventory)
    : fromNetBirdGroup(wave.members.netbirdGroup, inventory);
}
