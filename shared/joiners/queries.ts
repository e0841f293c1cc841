/**
 * Read-only questions the bot asks: who is waiting for NetBird approval now (`pending`), and an
 * Entra user's joiner request (`case <user>`).
 */
import type { JoinerDeps } from './deps.js';
import type { PendingJoiner } from './model.js';
import { joinersOfEntraUser, openJoiners } from './rows.js';

export interface PendingEntry {
  netbirdUserId: string;
  name: string;
  email: string;
  /** Our row for them: the card's state; undefined until the next poll raises the card. */
  joiner?: PendingJoiner;
}

/** NetBird's pending users, read now, each with its card's state. */
export async function pendingUsers(deps: Pick<JoinerDeps, 'netbird' | 'store'>): Promise<PendingEntry[]> {
  const users = (await deps.netbird.listUsers({ fresh: true })).filter((u) => u.pending_approval && !u.is_service_user);
  const rows = new Map((await openJoiners(deps)).map((j) => [j.netbirdUserId, j]));
  return users.map((u) => {
    const joiner = rows.get(u.id);
    return { netbirdUserId: u.id, name: u.name ?? '', email: u.email ?? '', ...(joiner ? { joiner } : {}) };
  });
}

/** The Entra user's latest joiner request, if they ever were one. */
export async function joinerForEntraUser(
  deps: Pick<JoinerDeps, 'store'>,
  entraUserId: string,
): Promise<PendingJoiner | undefined> {
  return (await joinersOfEntraUser(deps, entraUserId))[0];
}

/**
 * The joiner request of a user named by object id or UPN (`case <user>`): by object id directly,
 * by UPN through Graph. Undefined when they never asked to join, or Entra does not know them.
 */
export async function joinerForUser(
  deps: Pick<JoinerDeps, 'store' | 'graph'>,
  userIdOrUpn: string,
): Promise<PendingJoiner | undefined> {
  const raw = userIdOrUpn.trim();
  if (GUID.test(raw)) return joinerForEntraUser(deps, raw);
  const user = await deps.graph.getUserProfile(raw).catch(() => undefined);
  return user ? joinerForEntraUser(deps, user.id) : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
