/**
 * Which NetBird write goes first when the write budget (NETBIRD_WRITES_PER_SECOND) is the bottleneck.
 *
 * Why: with W writes per second, N leavers cannot all be blocked faster than N / W seconds, and they
 * only get close to that if nothing else spends the budget while blocks wait. A blocked user is
 * contained (its SSO peers disconnect); quarantining a machine peer comes right after; approvals,
 * cleanup and restores can wait. So every write carries a priority, set around the code that makes it
 * (`withWritePriority`, an AsyncLocalStorage: the NetBird client's fetch reads it without every
 * method growing a parameter), and the limiters (write-rate.ts, shared/store/shared-rate.ts) serve
 * the highest waiting priority first, in arrival order within one priority.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Higher goes first. Unlabelled writes are `other`. */
export const WRITE_PRIORITY = { block: 2, quarantine: 1, other: 0 } as const;
export type WritePriority = keyof typeof WRITE_PRIORITY;

const current = new AsyncLocalStorage<number>();

/** Runs `fn` with its NetBird writes at `priority`. */
export function withWritePriority<T>(priority: WritePriority | number, fn: () => Promise<T>): Promise<T> {
  return current.run(typeof priority === 'number' ? priority : WRITE_PRIORITY[priority], fn);
}

/** The priority of a write made here and now. */
export function currentWritePriority(): number {
  return current.getStore() ?? WRITE_PRIORITY.other;
}

/** NetBird writes of this process waiting for the write budget, by priority (write-rate.ts counts them). */
const waiting = new Map<number, number>();

/** Counts one write as waiting until `started` is called (once). */
export function noteWriteWaiting(priority: number): () => void {
  waiting.set(priority, (waiting.get(priority) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    waiting.set(priority, (waiting.get(priority) ?? 1) - 1);
  };
}

/** How many NetBird writes of at least `priority` wait for the budget in this process right now. */
export function writesWaiting(priority: WritePriority = 'other'): number {
  let n = 0;
  for (const [p, count] of waiting) if (p >= WRITE_PRIORITY[priority]) n += count;
  return n;
}
