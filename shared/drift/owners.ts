/**
 * Whose setup-key peer is this? For drift, with the evidence that costs no Graph call per person,
 * so that 10,000 users stay a handful of requests (the offboarding inventory reads Intune and
 * sign-ins for one leaver; here that would be 10,000 × 3 calls every day):
 * - IT's assignment (`assign <device> <user>`, the strongest evidence there is), then
 * - the person whose SSO peer has the same hostname (they signed in to NetBird on that laptop).
 * The strongest kind of evidence decides; when it points at two people the laptop is ambiguous and
 * not judged (it is shared, or was re-issued: a person should look, not a timer).
 * Hostnames match by the NetBird client's rule (hostnameMatches).
 */
import { hostnameMatches, type NetBirdPeer, type NetBirdUser } from '../netbird/index.js';
import type { DeviceAssignment } from '../offboarding/attribution/assignments.js';
import type { NetBirdUserIndex } from '../waves/user-index.js';

export interface MachineOwner {
  netbirdUserId: string;
  why: string;
}

export interface MachineOwners {
  owners: Map<string, MachineOwner>;
  ambiguous: number;
}

const lower = (s: string | undefined) => (s ?? '').trim().toLowerCase();
const short = (host: string) => host.split('.')[0] ?? '';

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!k) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The claims whose hostname could match the peer (by full name, peer name or short name), then the exact rule. */
function candidates<T>(index: Map<string, T[]>, peer: NetBirdPeer, hostOf: (item: T) => string): T[] {
  const host = lower(peer.hostname);
  const keys = new Set([host, lower(peer.name), short(host)]);
  const found = new Set<T>();
  for (const k of keys) for (const item of index.get(k) ?? []) if (hostnameMatches(peer, hostOf(item))) found.add(item);
  return [...found];
}

export function machineOwners(
  peers: readonly NetBirdPeer[],
  assignments: readonly DeviceAssignment[],
  users: NetBirdUserIndex,
  people: ReadonlyMap<string, NetBirdUser>,
): MachineOwners {
  const byAssignment = indexBy(assignments, (a) => lower(a.hostname));
  const ssoPeers = peers.filter((p) => p.user_id && people.has(p.user_id));
  const bySsoHost = indexBy(ssoPeers, (p) => lower(p.hostname));
  const owners = new Map<string, MachineOwner>();
  let ambiguous = 0;
  for (const peer of peers) {
    if (peer.user_id) continue;
    const assigned = candidates(byAssignment, peer, (a) => lower(a.hostname));
    // IT's word outranks an SSO peer; when IT named someone without a NetBird user, nobody here
    // is judged for the laptop (weaker evidence must not overrule IT).
    const [who, why] = assigned.length
      ? ([new Set(assigned.map((a) => users.find(a.userId)?.id ?? `none:${a.userId}`)), 'assigned by IT'] as const)
      : ([
          new Set(candidates(bySsoHost, peer, (p) => lower(p.hostname)).map((p) => p.user_id)),
          'SSO peer on the same hostname',
        ] as const);
    if (who.size > 1) ambiguous++;
    const [owner] = who;
    if (who.size === 1 && owner && people.has(owner)) owners.set(peer.id, { netbirdUserId: owner, why });
  }
  return { owners, ambiguous };
}
