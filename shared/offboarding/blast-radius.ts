/**
 * The blast-radius guard (DESIGN.md §2; NetBird's own sync once deleted every user, netbird#4068):
 * when one sweep, or a burst of notifications within BLAST_RADIUS_WINDOW_MINUTES, would block more
 * users than allowed, those beyond the allowance are held, nothing is written for them, and IT is
 * asked on a card in the IT channel. IT's confirmation releases them; dismissal closes their cases.
 *
 * Allowance: the smaller of BLAST_RADIUS_MAX_USERS and BLAST_RADIUS_MAX_SHARE of NetBird's people,
 * but at least one, so a single leaver is never held. A sweep holds all of its users when it would
 * exceed it (nothing of it has run yet); a burst is noticed as it arrives, so the users admitted
 * before the allowance ran out stay contained and the rest of the window is held.
 * Manual requests from Teams (a person naming one user) are not counted.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../errors.js';
import { KeyedLock } from '../store/keyed-lock.js';
import { keySafe } from '../store/keys.js';
import { TimeSlots } from '../store/time-slots.js';
import type { Batch, BatchRow, HeldUser } from './batch-model.js';
import type { OffboardingContext } from './context.js';
import { BATCH_PARTITION, WINDOW_KEY } from './storage.js';
import { batchView } from './views.js';

export function allowance(limits: { maxUsers: number; maxShare: number }, netbirdPeople: number): number {
  return Math.max(1, Math.min(limits.maxUsers, Math.floor(limits.maxShare * netbirdPeople)));
}

export type Admission = { admitted: true } | { admitted: false; batchId: string };

/**
 * Across instances, the window is shared without a hot row: every admission claims one of
 * `allowance` time slots (TimeSlots, partition WINDOW_SLOTS), each good for one user per window,
 * so a burst spreads its writes over as many rows as it may admit, and once they are all taken
 * within the window the next user opens the held batch. A user admitted once in the window stays
 * admitted (a marker row per user, partition WINDOW_USERS): Graph sends several notifications for
 * one change and a queue message can be delivered twice, neither may take a second slot.
 * Only the held batch's id lives in the one `window` row; it is written when the allowance runs
 * out (rarely) and only read otherwise. The in-process lock keeps this instance's invocations from
 * fighting over that row with ETag retries; other instances are handled by the ETag loop.
 */
export const WINDOW_SLOTS = 'blast-window';
export const WINDOW_USERS = 'blast-window-users';
const windowLock = new KeyedLock();
const batchLock = new KeyedLock();

function mutateWindow(ctx: OffboardingContext, fn: (row: BatchRow | undefined) => BatchRow | undefined) {
  return windowLock.run(WINDOW_KEY.rk, () =>
    ctx.storage.batches.mutate(WINDOW_KEY.pk, WINDOW_KEY.rk, fn, { maxAttempts: 10 }),
  );
}

function collectingBatch(row: BatchRow | undefined, now: Date): string | undefined {
  return row?.kind === 'window' && row.heldBatchId && row.heldUntil && Date.parse(row.heldUntil) > now.getTime()
    ? row.heldBatchId
    : undefined;
}

/** Counts `user` into the burst window: admitted, or held in the window's batch. */
export async function admitToWindow(
  ctx: OffboardingContext,
  user: HeldUser,
  netbirdPeople: number,
): Promise<Admission> {
  const { blastRadius, burstWindowMinutes } = ctx.services.config.offboarding;
  const limit = allowance(blastRadius, netbirdPeople);
  const now = ctx.now();
  const windowMs = burstWindowMinutes * 60_000;
  const marker = keySafe(user.userId.toLowerCase());
  const seen = await ctx.storage.timeSlots.get(WINDOW_USERS, marker);
  if (seen && now.getTime() - Date.parse(seen.value.at) < windowMs) return { admitted: true };

  let batchId = collectingBatch((await ctx.storage.batches.get(WINDOW_KEY.pk, WINDOW_KEY.rk))?.value, now);
  if (!batchId) {
    const slots = new TimeSlots(ctx.storage.timeSlots, WINDOW_SLOTS, {
      count: limit,
      windowMs,
      now: () => ctx.now().getTime(),
      by: user.userId,
    });
    if ((await slots.claim()).claimed) {
      await ctx.storage.timeSlots.upsert(WINDOW_USERS, marker, { at: now.toISOString() });
      return { admitted: true };
    }
    // Every slot is taken within the window: open the window's batch, or join the one another
    // instance opened a moment ago.
    const heldUntil = new Date(now.getTime() + windowMs).toISOString();
    const res = await mutateWindow(ctx, (row) =>
      collectingBatch(row, now) ? undefined : { kind: 'window', entries: [], heldBatchId: randomUUID(), heldUntil },
    );
    batchId = collectingBatch(res.value, now);
    if (!batchId) throw new Error('blast-radius window: no collecting batch after opening one'); // the mutation guarantees one
  }
  await holdInBatch(ctx, batchId, 'burst', [user], {
    allowance: limit,
    netbirdUsers: netbirdPeople,
    collectUntil: new Date(now.getTime() + windowMs).toISOString(),
  });
  return { admitted: false, batchId };
}

/** Tests and a fresh deployment: an empty window (no slot used, nobody admitted, no batch collecting). */
export async function resetBurstWindow(storage: OffboardingContext['storage']): Promise<void> {
  await storage.batches.delete(WINDOW_KEY.pk, WINDOW_KEY.rk);
  for (const partition of [WINDOW_SLOTS, WINDOW_USERS]) {
    for (const row of await storage.timeSlots.listPartition(partition))
      await storage.timeSlots.delete(partition, row.rowKey);
  }
}

/** Adds users to a held batch (creating it), then posts its card to IT or updates it in place. */
export async function holdInBatch(
  ctx: OffboardingContext,
  batchId: string,
  source: Batch['source'],
  users: readonly HeldUser[],
  info: { allowance: number; netbirdUsers: number; collectUntil: string },
): Promise<Batch> {
  let created = false;
  // One writer of this process at a time per batch: a burst holds hundreds of users in one row, and
  // concurrent ETag writes of it ran out of retries (58 messages retried in the default-profile burst
  // bench). Other instances still meet the ETag loop.
  const res = await batchLock.run(batchId, () =>
    ctx.storage.batches.mutate(BATCH_PARTITION, batchId, (row) => {
      created = !row;
      const b: Batch =
        row?.kind === 'batch'
          ? row
          : {
              kind: 'batch',
              id: batchId,
              source,
              status: 'held',
              users: [],
              openedAt: ctx.now().toISOString(),
              ...info,
            };
      const fresh = users.filter((u) => !b.users.some((x) => x.userId === u.userId));
      return fresh.length || !row ? { ...b, users: [...b.users, ...fresh] } : undefined;
    }),
  );
  const batch = res.value as Batch;
  // Only the call that created the batch posts its card (no duplicates when users are held at
  // once); the others update it once it is posted, and the poster catches up on later additions.
  if (created) await postBatch(ctx, batch);
  else if (batch.message) await showBatch(ctx, batch);
  return batch;
}

async function postBatch(ctx: OffboardingContext, batch: Batch): Promise<void> {
  try {
    const sent = await ctx.teams.postToChannel(batchView(batch));
    const res = await ctx.storage.batches.mutate(BATCH_PARTITION, batch.id, (row) =>
      row?.kind === 'batch' && !row.message ? { ...row, message: sent } : undefined,
    );
    const now = res.value as Batch;
    if (now.users.length !== batch.users.length || now.status !== batch.status) await showBatch(ctx, now);
  } catch (err) {
    ctx.logger.error('could not post the blast-radius card to the IT channel', {
      batchId: batch.id,
      error: errorMessage(err),
    });
  }
}

/** Keeps the batch card current in place. Best effort: a Teams failure is logged. */
export async function showBatch(ctx: OffboardingContext, batch: Batch): Promise<void> {
  if (!batch.message) return;
  try {
    await ctx.teams.update(batch.message, batchView(batch));
  } catch (err) {
    ctx.logger.error('could not update the blast-radius card in the IT channel', {
      batchId: batch.id,
      error: errorMessage(err),
    });
  }
}

export async function loadBatch(ctx: OffboardingContext, batchId: string): Promise<Batch | undefined> {
  const row = (await ctx.storage.batches.get(BATCH_PARTITION, batchId))?.value;
  return row?.kind === 'batch' ? row : undefined;
}

/** Lets new notifications count afresh once IT has decided about the window's batch. */
export async function closeWindowBatch(ctx: OffboardingContext, batchId: string): Promise<void> {
  await mutateWindow(ctx, (row) =>
    row?.kind === 'window' && row.heldBatchId === batchId ? { kind: 'window', entries: [] } : undefined,
  );
}
