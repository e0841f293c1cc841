/**
 * User approval (NetBird CE with `settings.extra.user_approval_required`, DESIGN.md §5b): a user
 * joining through domain matching waits with `pending_approval: true` (and `is_blocked: true`) until
 * an admin approves (`POST /api/users/{id}/approve`, answers the user) or rejects them
 * (`DELETE /api/users/{id}/reject`, which removes the user from the account).
 */
import { normaliseUser } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdUser } from './types.js';

export async function approveUser(t: NetBirdTransport, userId: string): Promise<NetBirdUser> {
  try {
    const user = normaliseUser(
      await t.object(
        'POST /api/users/{userId}/approve',
        t.http.POST('/api/users/{userId}/approve', { params: { path: { userId } } }),
      ),
    );
    t.patchShared<NetBirdUser[]>('users', (users) => users.map((u) => (u.id === userId ? user : u)));
    return user;
  } catch (err) {
    t.dropShared('users');
    throw err;
  }
}

export async function rejectUser(t: NetBirdTransport, userId: string): Promise<void> {
  try {
    await t.noContent(
      'DELETE /api/users/{userId}/reject',
      t.http.DELETE('/api/users/{userId}/reject', { params: { path: { userId } } }),
    );
  } finally {
    t.dropShared('users');
  }
}
