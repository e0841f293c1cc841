/**
 * Changing a NetBird group's members, one writer per group at a time.
 *
 * Why: `PUT /api/groups/{id}` replaces the whole member list and NetBird has no ETag (groups.ts).
 * Two cases quarantining at once both read the quarantine group, and the second write drops the
 * first one's peer; worse, a case taking its laptop out of "Laptops" can be undone by another
 * case's write that read "Laptops" a moment earlier, and the re-read check of the first case has
 * already passed. The burst bench (bench/burst.bench.ts) hit this within seconds.
 * So every group change of offboarding runs under a lock: in this process (KeyedLock, no storage
 * round trip between local callers) and across instances (a lease row in the Leases table,
 * renewed while held and confirmed just before the PUT, so a holder that lost it does not write). The
 * quarantine group's find-or-create takes the lock of its name, or two first leavers would each
 * create one.
 * People editing the group in the NetBird console are still caught by setGroupPeers' re-read.
 */
import { randomUUID } from 'node:crypto';
import type { NetBirdGroup } from '../netbird/index.js';
import { KeyedLock } from '../store/keyed-lock.js';
import { withLease, type HeldLease } from '../store/lease.js';
import type { OffboardingContext } from './context.js';

export const GROUP_LEASE_PARTITION = 'netbird-group';
/**
 * The lease is renewed while held (lease.ts), so this only bounds how long a holder that died
 * blocks its group. `confirm` before the write extends it by this much again, so a holder that
 * confirmed still holds the lease when its PUT leaves, unless it stalls longer than this.
 */
const LEASE_TTL_MS = 60_000;
/** A queue of cases waiting for one group: give up (and let the queue retry) after this. */
const LEASE_WAIT_MS = 120_000;

const local = new KeyedLock();
const instance = randomUUID();

/** Runs `fn` as the only writer of the group `key` (its id, or `name:<name>` before it exists). */
export function withGroupLock<T>(ctx: OffboardingContext, key: string, fn: (lease: HeldLease) => Promise<T>): Promise<T> {
  return local.run(key, () => withLease(ctx.storage.leases, GROUP_LEASE_PARTITION, key, instance, { ttlMs: LEASE_TTL_MS, waitMs: LEASE_WAIT_MS }, fn));
}

export function changeGroupPeers(
  ctx: OffboardingContext,
  groupId: string,
  mutate: (peerIds: readonly string[]) => readonly string[],
): Promise<NetBirdGroup> {
  return withGroupLock(ctx, groupId, (lease) => ctx.services.netbirdAdmin.setGroupPeers(groupId, mutate, () => lease.confirm()));
}
