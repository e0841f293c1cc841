/**
 * Leavers of this process not yet contained: checks (process-check.ts) from the moment they start
 * until their case's block is written or the check ends.
 *
 * Why: containment first (issue 15). While other leavers wait for their block, a check that has
 * blocked its own user hands the rest of the case (inventory, quarantine, approval) to the work
 * queue instead of holding a checks worker for it (advance.ts `handOffAfterBlock`). Counting only
 * blocks waiting for the NetBird write budget missed the common case: with a generous budget the
 * leavers wait for a worker, not for the budget, behind other leavers' inventories.
 */
let waiting = 0;
const idle = new Set<() => void>();

/** Counts one leaver as waiting; the function returned stops counting it (once, however often called). */
export function noteLeaverWaiting(): () => void {
  waiting++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    waiting--;
    if (waiting === 0) for (const wake of [...idle]) wake();
  };
}

/** Resolves once no leaver of this process waits for its block, or after `maxWaitMs` at the latest. */
export function whenNoLeaverWaits(maxWaitMs: number): Promise<void> {
  if (waiting === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      idle.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, maxWaitMs);
    timer.unref();
    idle.add(wake);
  });
}

/** How many leavers of this process wait for their block right now. */
export function leaversWaiting(): number {
  return waiting;
}
