/** The processor behind the `offboarding-work` queue: advance a case, a lifecycle event, a sweep, the subscription, a batch chunk. */
import { advanceCase, type AdvanceResult } from './advance.js';
import { releaseChunk, type ChunkOutcome } from './batch-release.js';
import type { OffboardingContext } from './context.js';
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
