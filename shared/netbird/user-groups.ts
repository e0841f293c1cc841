/**
 * Changing a NetBird user's `auto_groups` (group drift, shared/drift/apply.ts).
 *
 * `PUT /api/users/{id}` replaces `role`, `auto_groups` and `is_blocked` together and there is no
 * `GET /api/users/{id}` (DESIGN.md §5), so this is read-modify-write: list the users fresh (a
 * decision on a list even a moment old could undo someone's change), apply `mutate` to the current
 * auto-groups, and send the current role and block state back unchanged with them.
 * A blocked or pending user is never written: their access is offboarding's or the approver's.
 */
import { NotFoundError } from '../errors.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdUser } from './types.js';
import { listUsers, putUser } from './users.js';

export type AutoGroupsResult =
  | { kind: 'changed'; user: NetBirdUser; before: string[] }
  | { kind: 'unchanged'; user: NetBirdUser }
  | { kind: 'refused'; user: NetBirdUser; reason: 'blocked' | 'pending' };

export async function setUserAutoGroups(
  t: NetBirdTransport,
  userId: string,
  mutate: (groupIds: readonly string[]) => readonly string[],
): Promise<AutoGroupsResult> {
  const user = (await listUsers(t, { fresh: true })).find((u) => u.id === userId);
  if (!user) throw new NotFoundError(`NetBird user ${userId} does not exist`);
  if (user.pending_approval) return { kind: 'refused', user, reason: 'pending' };
  if (user.is_blocked) return { kind: 'refused', user, reason: 'blocked' };
  const before = [...user.auto_groups];
  const wanted = [...new Set(mutate(before))];
  if (wanted.length === before.length && wanted.every((g) => before.includes(g))) return { kind: 'unchanged', user };
  const updated = await putUser(t, user, { auto_groups: wanted });
  return { kind: 'changed', user: updated, before };
}
