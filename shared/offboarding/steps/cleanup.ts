/**
 * After approval: per device, "remove" deletes the peer and "keep" restores exactly the groups a
 * quarantined machine peer was taken out of; each result is recorded as it happens. Then, only if
 * DELETE_NETBIRD_USER says so, the NetBird user is deleted; the Entra account never is. Closing
 * updates every copy of the card in place.
 */
import { SYSTEM } from '../audit.js';
import { audit, moveCase, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { Device, OffboardingCase } from '../model.js';
import { netbirdWrite } from '../netbird-write.js';
import { updateCardsInPlace } from '../card-updates.js';
import { restorePeer } from './restore.js';

export async function cleanup(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  for (const device of c.devices.filter((d) => !d.cleanup)) {
    const choice = device.decision ?? 'remove';
    let action: NonNullable<Device['cleanup']>['action'];
    let result;
    if (choice === 'remove') {
      let deleted = true;
      result = await netbirdWrite(
        ctx,
        c,
        { action: 'delete-peer', target: device.peerId, what: `delete peer ${device.name}` },
        async () => {
          deleted = (await ctx.services.netbirdAdmin.deletePeer(device.peerId)).deleted;
          return deleted;
        },
      );
      action = deleted ? 'deleted' : 'already-gone';
    } else if (device.kind === 'machine' && device.quarantine?.done && device.quarantine.done.result !== 'skipped') {
      result = await restorePeer(ctx, c, device);
      action = 'restored';
    } else {
      result = { at: ctx.now().toISOString(), result: 'skipped' as const, note: 'kept as it is' };
      await audit(ctx, c, {
        action: 'device.kept',
        actor: SYSTEM,
        result: 'skipped',
        target: device.peerId,
        summary: `Kept ${device.name} as it is`,
      });
      action = 'kept';
    }
    await updateCase(ctx, c.userId, (cur) => ({
      ...cur,
      devices: cur.devices.map((d) =>
        d.peerId === device.peerId && !d.cleanup ? { ...d, cleanup: { ...result, action } } : d,
      ),
    }));
  }
}

export async function markCleanedUp(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const n = (a: string) => c.devices.filter((d) => d.cleanup?.action === a).length;
  await moveCase(
    ctx,
    c.userId,
    ['awaiting-approval', 'escalated'],
    'cleaned-up',
    SYSTEM,
    `Cleaned up: ${n('deleted')} peer(s) deleted, ${n('restored')} restored, ${n('kept')} kept, ${n('already-gone')} already gone`,
  );
}

export async function deleteUser(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const nbUser = c.inventory!.netbirdUser!;
  const result = await netbirdWrite(
    ctx,
    c,
    {
      action: 'delete-user',
      target: nbUser.id,
      what: `delete NetBird user ${c.upn ?? c.userId} (DELETE_NETBIRD_USER is on; the Entra account is kept)`,
    },
    async () => (await ctx.services.netbirdAdmin.deleteUser(nbUser.id)).deleted,
  );
  await updateCase(ctx, c.userId, (cur) =>
    cur.netbirdUserDeleted ? undefined : { ...cur, netbirdUserDeleted: result },
  );
}

export async function close(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const closed = await moveCase(
    ctx,
    c.userId,
    ['cleaned-up'],
    'closed',
    SYSTEM,
    'Case closed after approval',
    () => ({}),
    'approved',
  );
  if (closed) await updateCardsInPlace(ctx, closed);
}
