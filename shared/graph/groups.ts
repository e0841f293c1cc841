/**
 * Group membership: transitive checks for one user, and a group's transitive user members.
 */
import { collectPages } from './paging.js';
import { MEMBER_FIELDS, checkMemberGroupsSchema, memberUserSchema, type GroupMemberUser } from './schemas.js';
import type { GraphTransport } from './transport.js';
import { graphPath } from './url.js';

/** checkMemberGroups takes at most 20 group ids per call.
 * https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups */
const CHECK_MEMBER_GROUPS_MAX = 20;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function checkChunk(t: GraphTransport, userId: string, groupIds: string[]): Promise<Set<string>> {
  const { value } = await t.json(
    { method: 'POST', path: graphPath`/users/${userId}/checkMemberGroups`, body: { groupIds } },
    checkMemberGroupsSchema,
  );
  return new Set(value.map((id) => id.toLowerCase()));
}

function unique(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The subset of `groupIds` the user is a transitive member of, in the order given. */
export async function checkMemberGroups(
  t: GraphTransport,
  userId: string,
  groupIds: readonly string[],
): Promise<string[]> {
  const ids = unique(groupIds);
  const found = new Set<string>();
  for (const chunk of chunks(ids, CHECK_MEMBER_GROUPS_MAX)) {
    for (const id of await checkChunk(t, userId, chunk)) found.add(id);
  }
  return ids.filter((id) => found.has(id.toLowerCase()));
}

/** True as soon as one chunk shows a membership (later chunks are not asked). */
export async function isMemberOfAny(t: GraphTransport, userId: string, groupIds: readonly string[]): Promise<boolean> {
  for (const chunk of chunks(unique(groupIds), CHECK_MEMBER_GROUPS_MAX)) {
    if ((await checkChunk(t, userId, chunk)).size > 0) return true;
  }
  return false;
}

/** Users in the group, nested groups included; the cast keeps devices and groups out.
 * https://learn.microsoft.com/graph/api/group-list-transitivemembers */
export function groupTransitiveUserMembers(t: GraphTransport, groupId: string): Promise<GroupMemberUser[]> {
  return collectPages(
    t,
    {
      path: graphPath`/groups/${groupId}/transitiveMembers/microsoft.graph.user`,
      query: { select: MEMBER_FIELDS, top: 999 },
    },
    memberUserSchema,
  );
}
