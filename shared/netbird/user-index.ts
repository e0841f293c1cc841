/**
 * Where each person sits in a NetBird user list, by the keys user-match.ts compares: built once per
 * list and kept beside it (a WeakMap, so it goes when the list goes).
 *
 * Only frozen lists (shared answers, shared-reads.ts) keep their index: any other list could change
 * after it was indexed, so it is indexed per call, which costs what a scan did.
 *
 * Why: one shared user list (shared-reads.ts) answers every leaver of a burst. Scanning it per
 * leaver decoded and compared 10,000 ids each time, ten million for 1,000 leavers, which took
 * about 3 s of the burst bench's one busy CPU (issue 15). With the index a match is a map lookup.
 *
 * A block patches the shared list into a new array with the blocked user's new state at the same
 * place (users.ts): `carryUserIndex` lets that array use the index of the one it came from, so a
 * burst of blocks does not rebuild it per block. Emails can change with a patch, so the email
 * index is per array and built only when an id does not match.
 */
import { decodeDexUserId } from './ids.js';
import type { NetBirdUser } from './types.js';

interface Positions {
  /** Non-service users. */
  people: number;
  /** Positions of people by the oid their embedded-IdP id carries. */
  byOid: Map<string, number[]>;
  /** Positions of people by id (the legacy scheme's id is the oid). */
  byId: Map<string, number[]>;
}

interface UserIndex extends Positions {
  /** Positions of people by trimmed, lower-cased email: built on first use. */
  byEmail?: Map<string, number[]>;
}

const indexes = new WeakMap<readonly NetBirdUser[], UserIndex>();

function push(map: Map<string, number[]>, key: string, position: number): void {
  const at = map.get(key);
  if (at) at.push(position);
  else map.set(key, [position]);
}

function build(users: readonly NetBirdUser[]): UserIndex {
  const index: UserIndex = { people: 0, byOid: new Map(), byId: new Map() };
  users.forEach((u, i) => {
    if (u.is_service_user) return;
    index.people++;
    push(index.byId, u.id, i);
    const subject = decodeDexUserId(u.id);
    if (subject) push(index.byOid, subject.userId, i);
  });
  return index;
}

function indexOf(users: readonly NetBirdUser[]): UserIndex {
  // Only a frozen list (a shared answer) cannot change under its index; any other is read afresh.
  if (!Object.isFrozen(users)) return build(users);
  let index = indexes.get(users);
  if (!index) {
    index = build(users);
    indexes.set(users, index);
  }
  return index;
}

/**
 * Says that `next` holds, at every position, a user with the same id and service-user flag as
 * `prev` (only their other fields changed), so it may share `prev`'s index.
 */
export function carryUserIndex(next: readonly NetBirdUser[], prev: readonly NetBirdUser[]): void {
  if (next.length !== prev.length || next === prev || !Object.isFrozen(prev)) return;
  // Indexed now if nobody has yet: a list read while blocks were patching it is only seen patched.
  const { people, byOid, byId } = indexOf(prev);
  indexes.set(next, { people, byOid, byId });
}

const at = (users: readonly NetBirdUser[], positions: readonly number[] | undefined): NetBirdUser[] =>
  (positions ?? []).map((i) => users[i]!);

/** People (non-service users) whose embedded-IdP id carries `oid`, in list order. */
export function usersByOid(users: readonly NetBirdUser[], oid: string): NetBirdUser[] {
  return at(users, indexOf(users).byOid.get(oid));
}

/** People whose id is exactly `id`, in list order. */
export function usersById(users: readonly NetBirdUser[], id: string): NetBirdUser[] {
  return at(users, indexOf(users).byId.get(id));
}

/** People whose email is `email` (trimmed, any case), in list order. */
export function usersByEmail(users: readonly NetBirdUser[], email: string): NetBirdUser[] {
  const index = indexOf(users);
  if (!index.byEmail) {
    index.byEmail = new Map();
    users.forEach((u, i) => {
      if (!u.is_service_user) push(index.byEmail!, (u.email ?? '').trim().toLowerCase(), i);
    });
  }
  return at(users, index.byEmail.get(email.trim().toLowerCase()));
}

/** How many users of the list are people, not service users. */
export function countPeople(users: readonly NetBirdUser[]): number {
  return indexOf(users).people;
}
