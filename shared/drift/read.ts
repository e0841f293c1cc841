/**
 * Reads what group drift compares (compute.ts) and computes it: the mapped Entra groups' transitive
 * user members from Graph, NetBird's users, peers and groups (one list each), IT's device
 * assignments from table storage.
 *
 * Why `transitiveMembers` every run and not delta: Graph's `groups/delta` reports only *direct*
 * members (`members@delta`), and GROUP_MAP's groups are typically department groups made of nested
 * groups. Following nested changes through delta would mean tracking every nested group and
 * re-expanding the tree ourselves; a full transitive read costs one request per 999 members per
 * mapped group (10,000 users in 50 groups: about 60 requests a day), which is cheaper than being
 * wrong. https://learn.microsoft.com/graph/api/group-delta
 *
 * Any group that cannot be read fails the run: drift computed without a group's members would
 * call all of them "too much", and in apply mode take their access away.
 */
import type { GroupMap } from '../config/group-map.js';
import type { GraphClient, GroupMemberUser } from '../graph/index.js';
import type { IdpMode, NetBirdClient } from '../netbird/index.js';
import type { DeviceAssignment } from '../offboarding/attribution/assignments.js';
import { mapLimit } from '../waves/concurrency.js';
import { computeDrift } from './compute.js';
import type { DriftReport } from './types.js';

/** Parallel group reads: kind to Graph's per-app limits and to a small instance. */
const GROUP_READ_CONCURRENCY = 4;

export interface DriftReadDeps {
  graph: Pick<GraphClient, 'groupTransitiveUserMembers'>;
  netbird: Pick<NetBirdClient, 'listUsers' | 'listPeers' | 'listGroups'>;
  assignments: () => Promise<DeviceAssignment[]>;
}

export interface DriftSettings {
  map: GroupMap;
  idp: IdpMode;
}

export async function readDrift(deps: DriftReadDeps, settings: DriftSettings, now: Date): Promise<DriftReport> {
  const groupIds = Object.keys(settings.map);
  const [memberLists, users, peers, groups, assignments] = await Promise.all([
    mapLimit(groupIds, GROUP_READ_CONCURRENCY, (id) => deps.graph.groupTransitiveUserMembers(id)),
    deps.netbird.listUsers({ fresh: true }),
    deps.netbird.listPeers({ fresh: true }),
    deps.netbird.listGroups(),
    deps.assignments(),
  ]);
  const members = new Map<string, readonly GroupMemberUser[]>(groupIds.map((id, i) => [id, memberLists[i]!]));
  return computeDrift({
    map: settings.map,
    members,
    users,
    peers,
    groups,
    assignments,
    idp: settings.idp,
    takenAt: now.toISOString(),
  });
}
