/**
 * The restore an IT approver approved on the returner card (confirm.ts), as steps of the case
 * (plan.ts): Entra is read once more right before the first write (still enabled, not deleted;
 * otherwise the restore is refused, recorded, and nothing is written); then the NetBird user is
 * unblocked (read-modify-write PUT of role, auto_groups and is_blocked) and every peer still in
 * quarantine goes back into exactly the groups recorded when it left them. Deleted peers are gone
 * (the person re-enrols them). Each write is audited; replaying the step writes nothing twice.
 * An open case is then closed (`restored`) and its approval cards updated in place.
 */
import { NotFoundError } from '../../errors.js';
import { SYSTEM } from '../audit.js';
import { updateCardsInPlace } from '../card-updates.js';
import { audit, moveCase, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { OffboardingCase, WriteResult } from '../model.js';
import { netbirdWrite } from '../netbird-write.js';
import { restorePeer } from '../steps/restore.js';
import { unblockGate } from '../unblock-gate.js';
import { containmentChanges, RESTORE_CLOSES_FROM } from './changes.js';
import { updateReturnerCard } from './offer.js';

export async function restoreReturner(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const gate = await unblockGate(ctx, c.userId);
  if (!gate.ok) {
    const at = ctx.now().toISOString();
    const { case: refused } = await updateCase(ctx, c.userId, (cur) =>
      cur.returner?.restore && !cur.returner.restore.done
        ? { ...cur, returner: { ...cur.returner, restore: undefined, refused: { at, reason: gate.reason } } }
        : undefined,
    );
    await audit(ctx, c, {
      action: 'returner.refused',
      actor: SYSTEM,
      result: 'refused',
      summary: `Restore refused right before writing: ${gate.reason}; nothing was written to NetBird`,
    });
    if (refused) await updateReturnerCard(ctx, refused);
    return;
  }
  const ch = containmentChanges(c);
  let unblocked: WriteResult | undefined;
  if (ch.blocked && ch.netbirdUserId) {
    const id = ch.netbirdUserId;
    try {
      unblocked = await netbirdWrite(
        ctx,
        c,
        {
          action: 'unblock-user',
          target: id,
          what: `unblock NetBird user ${c.upn ?? c.userId} (enabled again in Entra)`,
        },
        async () => (await ctx.services.netbirdAdmin.unblockUser(id)).changed,
      );
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      unblocked = { at: ctx.now().toISOString(), result: 'skipped', note: 'the NetBird user no longer exists' };
    }
  }
  for (const p of ch.quarantined) {
    const device = c.devices.find((d) => d.peerId === p.peerId)!;
    await restorePeer(ctx, c, device);
  }
  const done: WriteResult = {
    at: ctx.now().toISOString(),
    result: c.dryRun ? 'planned' : 'done',
    note: `${unblocked ? `user ${unblocked.result}` : 'no user to unblock'}; ${ch.quarantined.length} peer(s) restored; ${ch.deleted.length} deleted peer(s) gone`,
  };
  const { case: after } = await updateCase(ctx, c.userId, (cur) =>
    cur.returner?.restore && !cur.returner.restore.done
      ? { ...cur, returner: { ...cur.returner, restore: { ...cur.returner.restore, done } } }
      : undefined,
  );
  await audit(ctx, c, {
    action: 'returner.restored',
    actor: SYSTEM,
    result: c.dryRun ? 'planned' : 'ok',
    summary: `NetBird access restored: ${done.note}${ch.deleted.length ? ` (${ch.deleted.join(', ')}: re-enrol)` : ''}`,
    detail: { unblocked: unblocked?.result ?? 'none', restored: ch.quarantined, gone: ch.deleted },
  });
  if (after?.state === 'closed') await updateReturnerCard(ctx, after);
}

/** An open case whose returner was restored ends here: closed, `restored`, every card updated. */
export async function closeRestored(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const by = c.returner?.restore?.by;
  const closed = await moveCase(
    ctx,
    c.userId,
    RESTORE_CLOSES_FROM,
    'closed',
    SYSTEM,
    `Case closed: enabled again in Entra and NetBird access restored by ${by?.name ?? by?.aadObjectId ?? 'IT'}`,
    () => ({}),
    'restored',
  );
  if (!closed) return;
  await updateCardsInPlace(ctx, closed);
  await updateReturnerCard(ctx, closed);
}
