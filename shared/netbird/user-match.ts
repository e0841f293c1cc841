/**
 * Which NetBird user is this Entra user? A pure function over the user list.
 *
 * NetBird has two id schemes for the same person (DESIGN.md §5):
 * - embedded IdP (Dex): the id encodes `{oid, connector id}` (see ids.ts);
 * - legacy Azure IdP manager: the id is the Entra `oid` itself.
 * An instance can hold both at once (users migrated lazily, or config that lags the server), so
 * both are always tried, the configured scheme first. Ids compare case-sensitively, as NetBird
 * does. In legacy mode no connector id is configured, so an embedded id matches on the oid alone:
 * the oid is unique to the Entra user, whichever connector carried it.
 *
 * Email is a last resort (case-insensitive): it is reassignable and may be absent. When more than
 * one user has the email the answer is "ambiguous", never a guess: offboarding must not block the
 * wrong person. Service users are never candidates. The lookups go through an index kept beside
 * each shared list (user-index.ts), not a scan of the list per match.
 */
import { isEmbeddedIdOf } from './ids.js';
import { usersByEmail, usersById, usersByOid } from './user-index.js';
import type { NetBirdUser } from './types.js';

export type IdpMode = { mode: 'embedded'; connectorId: string } | { mode: 'legacy' };

export type UserMatchKind = 'embedded-id' | 'legacy-id' | 'email';

export interface UserMatch {
  user: NetBirdUser;
  matchedBy: UserMatchKind;
}

export type UserMatchResult =
  | {
      kind: 'found';
      match: UserMatch;
      /** other users that matched the same way (should not happen) */ alsoMatched: NetBirdUser[];
    }
  | { kind: 'ambiguous-email'; candidates: NetBirdUser[] }
  | { kind: 'none' };

export function matchEntraUser(
  users: readonly NetBirdUser[],
  idp: IdpMode,
  oid: string,
  email?: string,
): UserMatchResult {
  const connectorId = idp.mode === 'embedded' ? idp.connectorId : undefined;
  const byEmbedded = () => usersByOid(users, oid).filter((u) => isEmbeddedIdOf(u.id, oid, connectorId));
  const byLegacy = () => usersById(users, oid);
  const order: [UserMatchKind, () => NetBirdUser[]][] =
    idp.mode === 'embedded'
      ? [
          ['embedded-id', byEmbedded],
          ['legacy-id', byLegacy],
        ]
      : [
          ['legacy-id', byLegacy],
          ['embedded-id', byEmbedded],
        ];

  for (const [matchedBy, find] of order) {
    const [user, ...alsoMatched] = find();
    if (user) return { kind: 'found', match: { user, matchedBy }, alsoMatched };
  }

  const wanted = email?.trim().toLowerCase();
  if (!wanted) return { kind: 'none' };
  const byEmail = usersByEmail(users, wanted);
  if (byEmail.length > 1) return { kind: 'ambiguous-email', candidates: byEmail };
  const [user] = byEmail;
  return user ? { kind: 'found', match: { user, matchedBy: 'email' }, alsoMatched: [] } : { kind: 'none' };
}
