/**
 * What happened to the user? A notification carries only the id, so the user is read again
 * (DESIGN.md §2): present and disabled; present and enabled (nothing to do); absent, then found in
 * `directory/deletedItems` (a soft delete arrives as `updated`); absent everywhere (hard delete).
 * The current state in Graph wins over the notification's changeType, which may be stale.
 */
import type { DeletedUser, GraphClient, GraphUser } from '../graph/index.js';

export type EntraVerdict =
  | { kind: 'disabled'; user: GraphUser }
  | { kind: 'enabled'; user: GraphUser }
  | { kind: 'soft-deleted'; user: DeletedUser }
  | { kind: 'hard-deleted' };

export async function entraVerdict(graph: GraphClient, userId: string): Promise<EntraVerdict> {
  const user = await graph.getUser(userId);
  if (user) return user.accountEnabled === false ? { kind: 'disabled', user } : { kind: 'enabled', user };
  const deleted = await graph.getDeletedUser(userId);
  if (deleted) return { kind: 'soft-deleted', user: deleted };
  return { kind: 'hard-deleted' };
}
