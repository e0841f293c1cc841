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
import { currentWritePriority, withWritePriority } from '../netbird/write-priority.js';
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
export function withGroupLock<T>(
  ctx: OffboardingContext,
  key: string,
  fn: (lease: HeldLease) => Promise<T>,
): Promise<T> {
  return local.run(key, () =>
    withLease(
      ctx.storage.leases,
      GROUP_LEASE_PARTITION,
      key,
      instance,
      { ttlMs: LEASE_TTL_MS, waitMs: LEASE_WAIT_MS },
      fn,
    ),
  );
}

type Mutation = (peerIds: readonly string[]) => readonly string[];
interface Pending {
  mutate: Mutation;
  priority: number;
  resolve: (g: NetBirdGroup) => void;
  reject: (err: unknown) => void;
}

/** Changes waiting for a group's lock in this process, by group id. */
const waiting = new Map<string, Pending[]>();

/**
 * Changes a group's members under its lock. The changes this process's cases ask for while the
 * group is locked are combined: the next holder applies all of them, in order, to one read of the
 * group and sends one PUT. A burst of leavers then costs a few writes of the quarantine group
 * instead of one per leaver, and the lease goes back and forth between instances far less often
 * (the burst across two instances was lease-bound without this). Each caller's `mutate` still sees
 * the list as the changes before it left it; all of them get the re-read group, or the error.
 */
export function changeGroupPeers(ctx: OffboardingContext, groupId: string, mutate: Mutation): Promise<NetBirdGroup> {
  return new Promise<NetBirdGroup>((resolve, reject) => {
    const queue = waiting.get(groupId);
    if (queue) {
      queue.push({ mutate, priority: currentWritePriority(), resolve, reject });
      return;
    }
    waiting.set(groupId, [{ mutate, priority: currentWritePriority(), resolve, reject }]);
    void withGroupLock(ctx, groupId, async (lease) => {
      // From here on, new changes start the next round instead of joining this one.
      const batch = waiting.get(groupId) ?? [];
      waiting.delete(groupId);
      try {
        // One PUT for everyone waiting: it goes at the most urgent of their priorities.
        const priority = Math.max(0, ...batch.map((p) => p.priority));
        const group = await withWritePriority(priority, () =>
          ctx.services.netbirdAdmin.setGroupPeers(
            groupId,
            (ids) => batch.reduce<readonly string[]>((acc, p) => p.mutate(acc), ids),
            () => lease.confirm(),
          ),
        );
        for (const p of batch) p.resolve(group);
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }).catch((err: unknown) => {
      // The lock itself failed (lease timeout, storage): everyone who was waiting for it hears so.
      const batch = waiting.get(groupId) ?? [];
      waiting.delete(groupId);
      for (const p of batch) p.reject(err);
    });
  });
}
