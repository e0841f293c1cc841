/**
 * After a rejection ("false alarm") that a second IT approver confirmed: unblock the NetBird user and
 * restore every quarantined machine peer, then close the case and update its cards in place. Only
 * while Entra says the account is enabled (unblock-gate.ts); otherwise the case stays rejected.
 */
import { NotFoundError } from '../../errors.js';
import { SYSTEM } from '../audit.js';
import { moveCase, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import { netbirdUserOf, type OffboardingCase, type WriteResult } from '../model.js';
import { netbirdWrite } from '../netbird-write.js';
import { updateCardsInPlace } from '../card-updates.js';
import { restorePeer } from './restore.js';
import { recordUnblockRefused } from '../decision.js';
import { unblockGate } from '../unblock-gate.js';

export async function unblock(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  // Entra again, right before the write: the account may have been disabled since the click.
  const gate = await unblockGate(ctx, c.userId);
  if (!gate.ok) {
    const refused = await recordUnblockRefused(ctx, c, gate.reason, SYSTEM);
    await updateCardsInPlace(ctx, refused);
    return;
  }
  const nbUser = netbirdUserOf(c);
  let result: WriteResult = { at: ctx.now().toISOString(), result: 'skipped', note: 'no NetBird account' };
  if (nbUser && c.block && c.block.result !== 'skipped' && !nbUser.wasBlocked) {
    try {
      result = await netbirdWrite(
        ctx,
        c,
        { action: 'unblock-user', target: nbUser.id, what: `unblock NetBird user ${c.upn ?? c.userId}` },
        async () => (await ctx.services.netbirdAdmin.unblockUser(nbUser.id)).changed,
      );
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      result = { at: ctx.now().toISOString(), result: 'skipped', note: 'the NetBird user no longer exists' };
    }
  }
  for (const device of c.devices) {
    if (device.kind !== 'machine' || !device.quarantine?.done || device.quarantine.done.result === 'skipped') continue;
    await restorePeer(ctx, c, device);
  }
  await updateCase(ctx, c.userId, (cur) =>
    cur.unblock && !cur.unblock.done ? { ...cur, unblock: { ...cur.unblock, done: result } } : undefined,
  );
}

export async function closeRejected(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const closed = await moveCase(
    ctx,
    c.userId,
    ['rejected'],
    'closed',
    SYSTEM,
    'Case closed: false alarm confirmed by IT',
    () => ({}),
    'false-alarm',
  );
  if (closed) await updateCardsInPlace(ctx, closed);
}
