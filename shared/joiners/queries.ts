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
export async function joinerForEntraUser(deps: Pick<JoinerDeps, 'store'>, entraUserId: string): Promise<PendingJoiner | undefined> {
  return (await joinersOfEntraUser(deps, entraUserId))[0];
}
