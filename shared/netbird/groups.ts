/**
 * NetBird groups: read, find by name, create, replace, and change the member list safely.
 *
 * `PUT /api/groups/{id}` replaces the group wholesale: peers missing from the body are removed and
 * resources missing from it are dropped (netbird management/server/http/handlers/groups, updateGroup).
 * So every change sends the complete lists back, and `setGroupPeers` reads, changes, writes, then
 * re-reads to confirm. There is no ETag: if someone else changed the group between our read and
 * write, the re-read shows it and we raise a ConflictError (re-read and retry) instead of claiming
 * a state we did not reach.
 */
import { ConflictError } from '../errors.js';
import { NetBirdError } from './errors.js';
import type { components } from './generated/openapi.js';
import { normaliseGroup } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { GroupUpdate, NetBirdGroup } from './types.js';

/** The spec types `resources[].type` as `never` (see types.ts); the server accepts the four real values. */
type GroupRequestBody = components['schemas']['GroupRequest'];

function toRequestBody(update: GroupUpdate): GroupRequestBody {
  return {
    name: update.name,
    peers: [...update.peers],
    resources: update.resources as unknown as GroupRequestBody['resources'],
  };
}

export async function listGroups(t: NetBirdTransport): Promise<NetBirdGroup[]> {
  return t.shared('groups', '', async () =>
    (await t.list('GET /api/groups', t.http.GET('/api/groups'))).map(normaliseGroup),
  );
}

export async function getGroup(t: NetBirdTransport, groupId: string): Promise<NetBirdGroup> {
  const group = await t.object(
    'GET /api/groups/{groupId}',
    t.http.GET('/api/groups/{groupId}', { params: { path: { groupId } } }),
  );
  return normaliseGroup(group);
}

/** The group with exactly this name (case-sensitive, as NetBird compares), or undefined. */
export async function findGroupByName(t: NetBirdTransport, name: string): Promise<NetBirdGroup | undefined> {
  try {
    // NetBird answers the `name` filter with a one-element array, or 404 when there is no such group.
    const groups = await t.list(
      'GET /api/groups?name={name}',
      t.http.GET('/api/groups', { params: { query: { name } } }),
    );
    const group = groups.find((g) => g.name === name);
    return group && normaliseGroup(group);
  } catch (err) {
    if (err instanceof NetBirdError && err.isNotFound) return undefined;
    throw err;
  }
}

export async function createGroup(
  t: NetBirdTransport,
  name: string,
  peers: readonly string[] = [],
): Promise<NetBirdGroup> {
  const group = await t.object('POST /api/groups', t.http.POST('/api/groups', { body: { name, peers: [...peers] } }));
  return normaliseGroup(group);
}

export async function updateGroup(t: NetBirdTransport, groupId: string, update: GroupUpdate): Promise<NetBirdGroup> {
  const group = await t.object(
    'PUT /api/groups/{groupId}',
    t.http.PUT('/api/groups/{groupId}', { params: { path: { groupId } }, body: toRequestBody(update) }),
  );
  return normaliseGroup(group);
}

/**
 * Changes a group's peers: `mutate` gets the current peer ids and returns the wanted ones. Keeps
 * the group's name and resources. Writes nothing when the set is unchanged; otherwise writes, then
 * re-reads and returns the re-read group. `beforeWrite` runs between the read and the write (the
 * caller's lease check: a stale holder must not send its list).
 */
export async function setGroupPeers(
  t: NetBirdTransport,
  groupId: string,
  mutate: (peerIds: readonly string[]) => readonly string[],
  beforeWrite?: () => Promise<void>,
): Promise<NetBirdGroup> {
  const current = await getGroup(t, groupId);
  const before = current.peers.map((p) => p.id);
  const wanted = [...new Set(mutate(before))];
  if (sameSet(before, wanted)) return current;

  await beforeWrite?.();
  await updateGroup(t, groupId, { name: current.name, peers: wanted, resources: current.resources });
  const reread = await getGroup(t, groupId);
  if (
    !sameSet(
      reread.peers.map((p) => p.id),
      wanted,
    )
  ) {
    throw new ConflictError(`NetBird group ${groupId} changed while its peers were being updated; re-read and retry`);
  }
  return reread;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const setA = new Set(a);
  const setB = new Set(b);
  return setA.size === setB.size && [...setA].every((x) => setB.has(x));
}
