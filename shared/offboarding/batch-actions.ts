/**
 * IT's answer to a blast-radius card: confirm (the held users are released in chunks through the
 * queue, batch-release.ts, and checked again and offboarded) or dismiss (their held cases close; nothing was ever written for them). IT approvers only; the first
 * answer wins.
 */
import { batchView } from './views.js';
import { closeWindowBatch, loadBatch, showBatch } from './blast-radius.js';
import type { Batch } from './batch-model.js';
import { auditEvent } from './audit.js';
import { isItApprover } from './authorize.js';
import { audit, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import { notice, type OffboardingActionResult } from './action-result.js';
import { transition } from './state-machine.js';
import { queueRelease, releasePlan } from './batch-release.js';
import { BATCH_PARTITION } from './storage.js';

export async function confirmBatch(
  ctx: OffboardingContext,
  batchId: string,
  to: 'released' | 'dismissed',
  clicker: { aadObjectId: string; name?: string },
): Promise<OffboardingActionResult> {
  const batch = await loadBatch(ctx, batchId);
  if (!batch) return notice('Batch not found', 'This blast-radius batch no longer exists.', 'warning');
  if (batch.status !== 'held') {
    // A release whose chunks were not all queued (the invoke that decided died half-way): a click resumes it.
    if (batch.status === 'released' && batch.release && !batch.release.queuedAt) await queueRelease(ctx, batch);
    return { view: batchView(batch) };
  }
  if (batch.users.some((u) => u.userId.toLowerCase() === clicker.aadObjectId.toLowerCase())) {
    // Nobody releases or dismisses a batch that holds their own offboarding (issue 11).
    await ctx.storage.audit.append(
      auditEvent(
        `batch:${batchId}`,
        clicker.aadObjectId,
        {
          action: `blast-radius.refused`,
          actor: { kind: 'user', id: clicker.aadObjectId, ...(clicker.name ? { name: clicker.name } : {}) },
          result: 'refused',
          summary: `${clicker.name ?? clicker.aadObjectId} is one of the held users and cannot ${to === 'released' ? 'confirm' : 'dismiss'} this batch`,
        },
        ctx.now(),
      ),
    );
    return notice(
      'Not allowed',
      'You are one of the users this batch holds: another IT approver must decide it. Nothing was changed.',
    );
  }
  if (!(await isItApprover(ctx, clicker.aadObjectId))) {
    return notice('Not allowed', 'Only an IT approver can confirm or dismiss held offboardings. Nothing was changed.');
  }
  const at = ctx.now().toISOString();
  const res = await ctx.storage.batches.mutate(BATCH_PARTITION, batchId, (row) =>
    row?.kind === 'batch' && row.status === 'held'
      ? {
          ...row,
          status: to,
          decidedBy: clicker,
          decidedAt: at,
          ...(to === 'released' ? { release: releasePlan(row.users.length) } : {}),
        }
      : undefined,
  );
  const after = res.value as Batch;
  if (!res.written) return { view: batchView(after) };
  const releasing = to === 'released';

  const actor = { kind: 'user' as const, id: clicker.aadObjectId, ...(clicker.name ? { name: clicker.name } : {}) };
  await ctx.storage.audit.append(
    auditEvent(
      `batch:${batchId}`,
      undefined,
      {
        action: to === 'released' ? 'blast-radius.confirmed' : 'blast-radius.dismissed',
        actor,
        result: 'ok',
        summary: `${to === 'released' ? 'Confirmed' : 'Dismissed'} by ${clicker.name ?? clicker.aadObjectId}: ${after.users.length} user(s)`,
        detail: { users: after.users.map((u) => u.userId) },
      },
      ctx.now(),
    ),
  );
  await closeWindowBatch(ctx, batchId);
  if (releasing) {
    // Chunks on the queue, each its own invocation; this invoke answers "releasing N" now (batch-release.ts).
    await queueRelease(ctx, after);
  }
  for (const user of to === 'dismissed' ? after.users : []) {
    const { written, case: closed } = await updateCase(ctx, user.userId, (c) =>
      c.state === 'detected' && c.hold?.batchId === batchId
        ? transition({ ...c, hold: undefined }, 'closed', ctx.now(), 'dismissed')
        : undefined,
    );
    if (written && closed) {
      await audit(ctx, closed, {
        action: 'state.changed',
        actor,
        result: 'ok',
        summary: 'Closed: IT dismissed the held batch; nothing was blocked',
        target: 'detected → closed',
        detail: { from: 'detected', to: 'closed', outcome: 'dismissed' },
      });
    }
  }
  const shown = releasing ? ((await loadBatch(ctx, batchId)) ?? after) : after;
  await showBatch(ctx, shown);
  return { view: batchView(shown) };
}
