/**
 * Who is in a wave and which NetBird peers are theirs (DESIGN.md §4):
 * - an Entra group: its transitive users (disabled accounts left out: offboarding owns them), each
 *   user's NetBird user (NetBirdUserIndex) and SSO peers (`user_id`), plus the setup-key machine
 *   peers (empty `user_id`) whose hostname is one of the user's Entra devices;
 * - a NetBird group (by id or name): its peers, and the Entra users behind their SSO peers.
 * NetBird users and peers are listed once per run and matched in memory (wave health is one of the
 * paths that truly needs the full peer list: every member's laptops). Graph is asked for every
 * member's devices in `$batch` requests of 20 (two items per user: registered and owned; a few
 * requests in flight), not with one GET per user and relation: 1,000 users are 100 requests, not
 * 2,000. Devices are cached across the waves of one run.
 */
import { NotFoundError } from '../errors.js';
import type { GraphClient, GraphDevice } from '../graph/index.js';
import type { NetBirdGroup, NetBirdPeer, NetBirdUser } from '../netbird/index.js';
import { hostnameMatches } from '../netbird/index.js';
import type { Wave } from '../config/domain.js';
import { plural } from './format.js';
import type { WaveMembers, WaveUser } from './types.js';
import { entraIdOf, type NetBirdUserIndex } from './user-index.js';

/**
 * `$batch` requests in flight: 80 item reads at once, under Graph's directory limits for a tenant
 * of this size; a throttled item waits its own Retry-After (shared/graph/batch.ts).
 */
const BATCH_CONCURRENCY = 4;

export type MemberGraph = Pick<GraphClient, 'groupTransitiveUserMembers' | 'usersDevices'>;

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

/**
 * Starts one batched read for the users whose devices this run has not read yet, and caches a
 * promise per user. A user deleted since the group was read has no devices; any other failure
 * fails the wave (and every later wave that needs one of those users).
 */
function loadDevices(graph: MemberGraph, inventory: Inventory, userIds: readonly string[]): void {
  const missing = [...new Set(userIds)].filter((id) => !inventory.devices.has(id));
  if (missing.length === 0) return;
  const read = graph.usersDevices(missing, { concurrency: BATCH_CONCURRENCY });
  for (const id of missing) {
    const devices = read.then((all) => all.get(id) ?? []);
    // Awaited by the wave that needs it; this only keeps a failure from being reported as unhandled.
    devices.catch(() => undefined);
    inventory.devices.set(id, devices);
  }
}

async function fromEntraGroup(groupId: string, graph: MemberGraph, inventory: Inventory): Promise<WaveMembers> {
  const members = await graph.groupTransitiveUserMembers(groupId);
  const enabled = members.filter((m) => m.accountEnabled !== false);
  const notes =
    enabled.length < members.length ? [`${plural(members.length - enabled.length, 'disabled account')} left out`] : [];
  const peers = new Map<string, NetBirdPeer>();
  const users: WaveUser[] = [];
  const usersWithoutPeers: WaveUser[] = [];
  loadDevices(
    graph,
    inventory,
    enabled.map((m) => m.id),
  );
  const found = await Promise.all(
    enabled.map(async (member) => {
      const netbirdUser = inventory.users.find(member.id, member.mail ?? member.userPrincipalName);
      const sso = netbirdUser ? (inventory.peersByUser.get(netbirdUser.id) ?? []) : [];
      const devices = await inventory.devices.get(member.id)!;
      const machines = devices.flatMap((d) => (d.displayName ? machinePeersNamed(inventory, d.displayName) : []));
      return { member, peers: [...sso, ...machines] };
    }),
  );
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
  const group =
    inventory.groups.find((g) => g.id === ref) ??
    inventory.groups.find((g) => g.name.toLowerCase() === ref.toLowerCase());
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
  const notes = machines
    ? [`${plural(machines, 'setup-key peer')}: no Entra user behind them, so not in the SSPR and reset checks`]
    : [];
  return { source: 'netbird-group', users: [...users.values()], peers, usersWithoutPeers: [], notes };
}

export async function resolveMembers(wave: Wave, graph: MemberGraph, inventory: Inventory): Promise<WaveMembers> {
  return 'entraGroupId' in wave.members
    ? fromEntraGroup(wave.members.entraGroupId, graph, inventory)
    : fromNetBirdGroup(wave.members.netbirdGroup, inventory);
}
