/** The processor behind the `offboarding-work` queue: advance a case, a lifecycle event, a sweep, the subscription, a batch chunk. */
import { advanceCase, type AdvanceResult } from './advance.js';
import { releaseChunk, type ChunkOutcome } from './batch-release.js';
import type { OffboardingContext } from './context.js';
import { whenNoLeaverWaits } from './leavers-waiting.js';
import type { WorkMessage } from './messages.js';
import { ensureSubscription, handleLifecycle, type EnsureOutcome, type LifecycleOutcome } from './subscriptions.js';
import { runSweep, type SweepResult } from './sweep.js';

export async function processWork(
  ctx: OffboardingContext,
  msg: WorkMessage,
  owner: string,
  attempt?: number,
): Promise<AdvanceResult | LifecycleOutcome | SweepResult | EnsureOutcome | ChunkOutcome> {
  switch (msg.kind) {
    case 'advance':
      if (msg.afterBlocks) await whenNoLeaverWaits(BLOCKS_FIRST_MAX_WAIT_MS);
      return advanceCase(ctx, msg.userId.toLowerCase(), owner, attempt);
    case 'lifecycle':
      return handleLifecycle(ctx, msg.event, msg.subscriptionId);
    case 'sweep':
      return runSweep(ctx, msg.reason);
    case 'subscription':
      return ensureSubscription(ctx);
    case 'release-chunk':
      return releaseChunk(ctx, msg);
  }
}

/**
 * Containment first (issue 15): a case handed off after its block (advance.ts) takes its inventory,
 * quarantine and approval only once this process's other leavers are blocked. Those steps read every
 * peer, the policies and Graph's device evidence: run alongside the checks they take the CPU and the
 * storage round trips the remaining blocks need. The wait is bounded so that a long stream of
 * leavers still gets its machine peers quarantined.
 */
export const BLOCKS_FIRST_MAX_WAIT_MS = 60_000;
