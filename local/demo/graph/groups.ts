/**
 * Group membership, transitive as Graph computes it: `checkMemberGroups` for one user (at most 20
 * group ids per call) and a group's `transitiveMembers` (users only with the
 * `microsoft.graph.user` cast). Soft-deleted users are members of nothing.
 * https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups
 * https://learn.microsoft.com/graph/api/group-list-transitivemembers
 */
import { odataContext, pageBody, type GraphOperation } from './call.js';
import { parseQuery } from './query.js';
import { badRequest, json, notFound } from './respond.js';
import type { GraphState } from './state.js';
import { findUser } from './state.js';
import { projectUser } from './users.js';

/** Every group that holds `memberId`, directly or through nested groups. */
export function transitiveGroupsOf(state: GraphState, memberId: string): Set<string> {
  const found = new Set<string>();
  const queue = [memberId];
  while (queue.length) {
    const id = queue.shift()!;
    for (const g of state.groups.values()) {
      if (!found.has(g.id) && g.memberIds.includes(id)) {
        found.add(g.id);
        queue.push(g.id);
      }
    }
  }
  return found;
}

/** The users in a group and its nested groups, each once. */
export function transitiveUsersOf(state: GraphState, groupId: string): string[] {
  const users = new Set<string>();
  const seen = new Set<string>();
  const walk = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const member of state.groups.get(id)?.memberIds ?? []) {
      if (state.groups.has(member)) walk(member);
      else if (state.users.has(member)) users.add(member);
    }
  };
  walk(groupId);
  return [...users];
}

export const checkMemberGroups: GraphOperation = (call, [key = '']) => {
  const user = findUser(call.rt.state, key);
  if (!user) throw notFound(key);
  const ids = (call.body as { groupIds?: unknown } | undefined)?.groupIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20 || !ids.every((id) => typeof id === 'string')) {
    throw badRequest('groupIds must be a list of 1 to 20 group ids.', 'Request_BadRequest');
  }
  const mine = transitiveGroupsOf(call.rt.state, user.id);
  return json({
    '@odata.context': odataContext(call.rt, 'Collection(Edm.String)'),
    value: ids.filter((id) => mine.has(id.toLowerCase())),
  });
};

/** `users/{id}/transitiveMemberOf/microsoft.graph.group`: the groups a user is in, nested ones included. */
export const transitiveMemberOf: GraphOperation = (call, [key = '']) => {
  const q = parseQuery(call.params, ['$select', '$top', '$skiptoken']);
  const path = call.segments.join('/');
  if (q.skiptoken) return json(pageBody(call.rt, 'groups', path, call.rt.pager.next(q.skiptoken)));
  const state = call.rt.state;
  const user = findUser(state, key);
  if (!user) throw notFound(key);
  const groups = [...transitiveGroupsOf(state, user.id)]
    .map((id) => state.groups.get(id)!)
    .map((g) => {
      const fields = q.select?.length
        ? q.select
        : ['id', 'displayName', 'description', 'securityEnabled', 'mailEnabled'];
      return Object.fromEntries(
        ['id', ...fields].map((f) => [f, (g as unknown as Record<string, unknown>)[f] ?? null]),
      );
    });
  const page = call.rt.pager.first(groups, Math.min(q.top ?? call.rt.pageSize, call.rt.pageSize));
  return json(pageBody(call.rt, 'groups', path, page));
};

export function transitiveMembers(usersOnly: boolean): GraphOperation {
  return (call, [groupId = '']) => {
    const q = parseQuery(call.params, ['$select', '$top', '$skiptoken']);
    const path = call.segments.join('/');
    if (q.skiptoken) return json(pageBody(call.rt, 'users', path, call.rt.pager.next(q.skiptoken)));
    const state = call.rt.state;
    if (!state.groups.has(groupId.toLowerCase())) throw notFound(groupId);
    const users = transitiveUsersOf(state, groupId.toLowerCase()).map((id) => ({
      ...(usersOnly ? {} : { '@odata.type': '#microsoft.graph.user' }),
      ...projectUser(state.users.get(id)!, q.select),
    }));
    const page = call.rt.pager.first(users, Math.min(q.top ?? call.rt.pageSize, call.rt.pageSize));
    return json(pageBody(call.rt, usersOnly ? 'users' : 'directoryObjects', path, page));
  };
}
