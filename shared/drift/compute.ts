/**
 * Group drift, computed (pure): which mapped NetBird groups each NetBird person should have, from
 * the Entra groups they are (transitively) in, against what they have.
 *
 * - Should have: the union of GROUP_MAP's names over the person's mapped Entra groups.
 * - Judged: only the NetBird groups GROUP_MAP names. A group nobody mapped is never drift.
 * - Compared: the user's `auto_groups` (what their next peers get) and the groups of each of their
 *   peers: SSO peers (`user_id`) and setup-key peers attributed to them (owners.ts), which NetBird's
 *   own login-time sync never updates.
 * - Not judged: service users, blocked users (offboarding owns them) and users pending approval.
 * Entra members are matched to NetBird users by NetBirdUserIndex (embedded id, legacy id, email).
 */
import type { GroupMap } from '../config/group-map.js';
import type { GroupMemberUser } from '../graph/index.js';
import type { IdpMode, NetBirdGroup, NetBirdPeer, NetBirdUser } from '../netbird/index.js';
import type { DeviceAssignment } from '../offboarding/attribution/assignments.js';
import { entraIdOf, NetBirdUserIndex } from '../waves/user-index.js';
import { machineOwners } from './owners.js';
import type { DeviceDrift, DriftReport, GroupRef, UserDrift } from './types.js';

export interface DriftInput {
  map: GroupMap;
  /** Transitive user members of each mapped Entra group, by lower-case group id. */
  members: ReadonlyMap<string, readonly GroupMemberUser[]>;
  users: readonly NetBirdUser[];
  peers: readonly NetBirdPeer[];
  groups: readonly Pick<NetBirdGroup, 'id' | 'name'>[];
  assignments: readonly DeviceAssignment[];
  idp: IdpMode;
  takenAt: string;
}

const byName = (a: GroupRef, b: GroupRef) => a.name.localeCompare(b.name);

export function computeDrift(input: DriftInput): DriftReport {
  // Mapped names → NetBird groups. A name may match several groups only if NetBird allowed
  // duplicates; the first (NetBird's order) is the one judged and written.
  const groupByName = new Map<string, GroupRef>();
  for (const g of input.groups) if (!groupByName.has(g.name)) groupByName.set(g.name, { id: g.id, name: g.name });
  const names = [...new Set(Object.values(input.map).flat())].sort();
  const judgedGroups = names.flatMap((n) => (groupByName.has(n) ? [groupByName.get(n)!] : []));
  const missingGroups = names.filter((n) => !groupByName.has(n));
  const judgedIds = new Set(judgedGroups.map((g) => g.id));
  const groupById = new Map(judgedGroups.map((g) => [g.id, g]));

  const index = new NetBirdUserIndex(input.users, input.idp);
  // Who should have what: NetBird user id → judged group ids.
  const should = new Map<string, Set<string>>();
  const unmatched = new Set<string>();
  for (const [entraGroupId, list] of Object.entries(input.map)) {
    const ids = list.flatMap((n) => (groupByName.has(n) ? [groupByName.get(n)!.id] : []));
    for (const member of input.members.get(entraGroupId) ?? []) {
      const user = index.find(member.id, member.mail ?? member.userPrincipalName);
      if (!user) {
        unmatched.add(member.id.toLowerCase());
        continue;
      }
      const set = should.get(user.id) ?? new Set<string>();
      for (const id of ids) set.add(id);
      should.set(user.id, set);
    }
  }

  const people = new Map(input.users.filter((u) => !u.is_service_user).map((u) => [u.id, u]));
  const judged = [...people.values()].filter((u) => !u.is_blocked && !u.pending_approval);
  const skipped = {
    blocked: [...people.values()].filter((u) => u.is_blocked && !u.pending_approval).length,
    pending: [...people.values()].filter((u) => u.pending_approval).length,
  };
  const { owners, ambiguous } = machineOwners(input.peers, input.assignments, index, people);
  const devicesOf = new Map<string, { peer: NetBirdPeer; kind: DeviceDrift['kind']; owner?: string }[]>();
  for (const peer of input.peers) {
    const owner = peer.user_id ? { netbirdUserId: peer.user_id, why: undefined } : owners.get(peer.id);
    if (!owner) continue;
    const list = devicesOf.get(owner.netbirdUserId) ?? [];
    list.push({ peer, kind: peer.user_id ? 'sso' : 'machine', ...(owner.why ? { owner: owner.why } : {}) });
    devicesOf.set(owner.netbirdUserId, list);
  }

  const diff = (have: Iterable<string>, want: ReadonlySet<string>) => {
    const held = new Set([...have].filter((id) => judgedIds.has(id)));
    return {
      extra: [...held]
        .filter((id) => !want.has(id))
        .map((id) => groupById.get(id)!)
        .sort(byName),
      missing: [...want]
        .filter((id) => !held.has(id))
        .map((id) => groupById.get(id)!)
        .sort(byName),
    };
  };

  const users: UserDrift[] = [];
  for (const user of judged) {
    const want = should.get(user.id) ?? new Set<string>();
    const own = diff(user.auto_groups ?? [], want);
    const devices: DeviceDrift[] = [];
    for (const d of devicesOf.get(user.id) ?? []) {
      const dd = diff(
        (d.peer.groups ?? []).map((g) => g.id),
        want,
      );
      if (dd.extra.length + dd.missing.length === 0) continue;
      devices.push({
        peerId: d.peer.id,
        name: d.peer.name || d.peer.hostname,
        kind: d.kind,
        ...(d.owner ? { owner: d.owner } : {}),
        ...dd,
      });
    }
    if (own.extra.length + own.missing.length + devices.length === 0) continue;
    const entraId = entraIdOf(user.id)?.toLowerCase();
    users.push({
      netbirdUserId: user.id,
      ...(entraId ? { entraId } : {}),
      name: user.name || user.email || user.id,
      email: user.email ?? '',
      ...own,
      devices: devices.sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  users.sort((a, b) => a.name.localeCompare(b.name) || a.netbirdUserId.localeCompare(b.netbirdUserId));
  return {
    takenAt: input.takenAt,
    judgedGroups,
    missingGroups,
    judgedUsers: judged.length,
    skipped,
    unmatchedMembers: unmatched.size,
    ambiguousMachines: ambiguous,
    users,
    entraGroupsRead: Object.keys(input.map).length,
  };
}
