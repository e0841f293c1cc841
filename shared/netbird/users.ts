/**
 * NetBird users: list, find the one behind an Entra user, block and unblock.
 *
 * There is no `GET /api/users/{id}`, and `PUT /api/users/{id}` replaces `role`, `auto_groups` and
 * `is_blocked` together (all three are required by the spec's UserRequest; NetBird answers 400 when
 * `auto_groups` is absent). So a block is read-modify-write: list, find, send the user's current
 * role and auto-groups back with the new `is_blocked`.
 * Blocking logs the user out and expires the peers whose `user_id` is this user; setup-key peers
 * (empty `user_id`) are untouched and need quarantine or deletion (see groups.ts / peers.ts).
 */
import { NotFoundError } from '../errors.js';
import { NetBirdError } from './errors.js';
import type { Logger } from '../logger.js';
import { normaliseUser } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdUser } from './types.js';
import { carryUserIndex } from './user-index.js';
import { matchEntraUser, type IdpMode, type UserMatch } from './user-match.js';

export interface ListUsersOptions {
  /** true: only service users; false: only people; undefined: both (NetBird's default). */
  serviceUsers?: boolean;
  /** Ask NetBird now rather than share a recent answer (shared-reads.ts): to confirm an absence. */
  fresh?: boolean;
}

export interface BlockResult {
  user: NetBirdUser;
  /** false when the user was already in the wanted state and nothing was written. */
  changed: boolean;
}

export async function listUsers(t: NetBirdTransport, options: ListUsersOptions = {}): Promise<NetBirdUser[]> {
  const query = options.serviceUsers === undefined ? undefined : { service_user: options.serviceUsers };
  return t.shared(
    'users',
    String(options.serviceUsers),
    async () => (await t.list('GET /api/users', t.http.GET('/api/users', { params: { query } }))).map(normaliseUser),
    { fresh: options.fresh },
  );
}

export async function findUserByEntraId(
  t: NetBirdTransport,
  logger: Logger,
  idp: IdpMode,
  oid: string,
  email?: string,
): Promise<UserMatch | undefined> {
  const result = matchEntraUser(await listUsers(t), idp, oid, email);
  switch (result.kind) {
    case 'found':
      if (result.alsoMatched.length > 0) {
        logger.warn('Several NetBird users match one Entra user; using the first', {
          oid,
          matchedBy: result.match.matchedBy,
          userIds: [result.match.user.id, ...result.alsoMatched.map((u) => u.id)],
        });
      }
      return result.match;
    case 'ambiguous-email':
      logger.warn("Several NetBird users share the Entra user's email; not guessing", {
        oid,
        userIds: result.candidates.map((u) => u.id),
      });
      return undefined;
    case 'none':
      return undefined;
  }
}

/**
 * Sets `is_blocked`, writing only when it changes (offboarding runs again and again). `fresh`: decide
 * on NetBird's answer now, not a shared list up to a moment old (a check that a block still holds).
 */
export async function setUserBlocked(
  t: NetBirdTransport,
  userId: string,
  blocked: boolean,
  options: { fresh?: boolean } = {},
): Promise<BlockResult> {
  const user =
    (options.fresh ? undefined : (await listUsers(t)).find((u) => u.id === userId)) ??
    (await listUsers(t, { fresh: true })).find((u) => u.id === userId);
  if (!user) throw new NotFoundError(`NetBird user ${userId} does not exist`);
  if (user.is_blocked === blocked) return { user, changed: false };
  const updated = await putUser(t, user, { is_blocked: blocked });
  return { user: updated, changed: true };
}

/**
 * `DELETE /api/users/{userId}`: only when DELETE_NETBIRD_USER is on. With the legacy Azure IdP
 * manager NetBird can delete the IdP (Entra) user too, and a deleted user is re-created at the
 * next login, which is why offboarding blocks instead by default (DESIGN.md §2).
 * A user already gone is `{ deleted: false }`, so a retried or repeated cleanup is not an error.
 */
export async function deleteUser(t: NetBirdTransport, userId: string): Promise<{ deleted: boolean }> {
  try {
    await t.noContent(
      'DELETE /api/users/{userId}',
      t.http.DELETE('/api/users/{userId}', { params: { path: { userId } } }),
    );
  } catch (err) {
    t.dropShared('users');
    if (err instanceof NetBirdError && err.isNotFound) return { deleted: false };
    throw err;
  }
  t.patchShared<NetBirdUser[]>('users', (list) => list.filter((u) => u.id !== userId));
  return { deleted: true };
}

/**
 * `PUT /api/users/{id}` replaces role, auto_groups and is_blocked together (DESIGN.md §5): send the
 * read user's values with `changes` on top. The shared user lists learn the new state from the
 * answer, or are dropped when the write failed (shared-reads.ts).
 */
export async function putUser(
  t: NetBirdTransport,
  user: NetBirdUser,
  changes: Partial<Pick<NetBirdUser, 'auto_groups' | 'is_blocked'>>,
): Promise<NetBirdUser> {
  const body = { role: user.role, auto_groups: user.auto_groups, is_blocked: user.is_blocked, ...changes };
  let updated: NetBirdUser;
  try {
    updated = normaliseUser(
      await t.object(
        'PUT /api/users/{userId}',
        t.http.PUT('/api/users/{userId}', { params: { path: { userId: user.id } }, body }),
      ),
    );
  } catch (err) {
    t.dropShared('users');
    throw err;
  }
  t.patchShared<NetBirdUser[]>('users', (list) => {
    const next = list.map((u) => (u.id === user.id ? updated : u));
    // The same users at the same places, one with its new state: the list's index still holds.
    if (updated.id === user.id && Boolean(updated.is_service_user) === Boolean(user.is_service_user))
      carryUserIndex(next, list);
    return next;
  });
  return updated;
}
