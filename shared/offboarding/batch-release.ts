/**
 * Releasing a confirmed blast-radius batch through the queue (DESIGN.md §5: no work after the
 * function returns). The click's invoke only records the decision with a release plan and puts
 * one `release-chunk` message per RELEASE_CHUNK_USERS users on `offboarding-work`; it answers
 * "releasing N" at once. Each chunk, in its own invocation, queues its users' checks and marks
 * itself done on the batch, so:
 * - a restart in the middle loses nothing: the chunks not done are still on the queue, and a chunk
 *   cut off half-way is delivered again (its checks are idempotent: a case opens once per user);
 * - a crash between the decision and the last send leaves `release.queuedAt` unset, and the next
 *   click on the card queues the missing chunks again (a chunk already done is skipped).
 */
import { errorMessage } from '../errors.js';
import { showBatch, loadBatch } from './blast-radius.js';
import { RELEASE_CHUNK_USERS, type Batch, type Release } from './batch-model.js';
import type { OffboardingContext } from './context.js';
import { BATCH_PARTITION } from './storage.js';

export function releasePlan(users: number): Release {
  return { total: users, chunks: Math.ceil(users / RELEASE_CHUNK_USERS), done: [] };
}

function chunkUsers(batch: Batch, index: number): string[] {
  return batch.users.slice(index * RELEASE_CHUNK_USERS, (index + 1) * RELEASE_CHUNK_USERS).map((u) => u.userId);
}

/** Puts every chunk not yet done on the queue, then notes that they all are. */
export async function queueRelease(ctx: OffboardingContext, batch: Batch): Promise<void> {
  const release = batch.release;
  if (batch.status !== 'released' || !release) return;
  for (let index = 0; index < release.chunks; index++) {
    if (release.done.includes(index)) continue;
    const userIds = chunkUsers(batch, index);
    if (userIds.length) await ctx.storage.work.send({ kind: 'release-chunk', batchId: batch.id, index, userIds });
  }
  await ctx.storage.batches.mutate(BATCH_PARTITION, batch.id, (row) =>
    row?.kind === 'batch' && row.release && !row.release.queuedAt
      ? { ...row, release: { ...row.release, queuedAt: ctx.now().toISOString() } }
      : undefined,
  );
}

export type ChunkOutcome = 'released' | 'already-done' | 'not-released';

/** One chunk: queue the checks of its users (admitted: IT confirmed them), then mark it done. */
export async function releaseChunk(
  ctx: OffboardingContext,
  msg: { batchId: string; index: number; userIds: readonly string[] },
): Promise<ChunkOutcome> {
  const batch = await loadBatch(ctx, msg.batchId);
  if (batch?.status !== 'released' || !batch.release) {
    ctx.logger.warn('release chunk for a batch that is not released; dropped', {
      batchId: msg.batchId,
      index: msg.index,
      status: batch?.status,
    });
    return 'not-released';
  }
  if (batch.release.done.includes(msg.index)) return 'already-done';
  const at = ctx.now().toISOString();
  for (const userId of msg.userIds) {
    await ctx.storage.checks.send({
      kind: 'check',
      userId,
      changeType: 'updated',
      source: 'batch',
      admitted: true,
      batchId: batch.id,
      receivedAt: at,
    });
  }
  const res = await ctx.storage.batches.mutate(BATCH_PARTITION, batch.id, (row) => {
    if (row?.kind !== 'batch' || !row.release || row.release.done.includes(msg.index)) return undefined;
    const done = [...row.release.done, msg.index].sort((a, b) => a - b);
    return {
      ...row,
      release: { ...row.release, done, ...(done.length >= row.release.chunks ? { completedAt: at } : {}) },
    };
  });
  const after = res.value?.kind === 'batch' ? res.value : undefined;
  // The card shows progress; one update per chunk is a handful of edits even for a large batch.
  if (res.written && after) {
    await showBatch(ctx, after).catch((err: unknown) =>
      ctx.logger.warn('could not show release progress', { batchId: batch.id, error: errorMessage(err) }),
    );
  }
  return 'released';
}
