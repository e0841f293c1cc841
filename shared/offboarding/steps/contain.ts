/**
 * Containment, at once and without waiting for anyone (DESIGN.md §2): block the NetBird user (which
 * disconnects and login-expires its SSO peers), then quarantine the machine peers. Each write is
 * recorded in the case before the next one starts.
 */
import { NotFoundError } from '../../errors.js';
import { NetBirdError } from '../../netbird/index.js';
import { SYSTEM } from '../audit.js';
import { updateCardsInPlace } from '../card-updates.js';
import { audit, loadCase, moveCase, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import { netbirdUserOf, type Device, type GroupRef, type OffboardingCase, type WriteResult } from '../model.js';
import { changeGroupPeers, withGroupLock } from '../group-writes.js';
import { netbirdWrite } from '../netbird-write.js';
import { appMetrics } from '../../telemetry.js';

export async function block(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const nbUser = netbirdUserOf(c);
  let result: WriteResult;
  if (!nbUser) {
    result = { at: ctx.now().toISOString(), result: 'skipped', note: 'the user has no NetBird account' };
    await audit(ctx, c, {
      action: 'netbird.block-user',
      actor: SYSTEM,
      result: 'skipped',
      summary: 'No NetBird account to block; looking for devices only',
    });
  } else {
    try {
      result = await netbirdWrite(
        ctx,
        c,
        { action: 'block-user', target: nbUser.id, what: `block NetBird user ${c.upn ?? c.userId}` },
        async () => {
          const { changed } = await ctx.services.netbirdAdmin.blockUser(nbUser.id);
          if (changed) appMetrics.usersBlocked();
          return changed;
        },
      );
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      result = { at: ctx.now().toISOString(), result: 'skipped', note: 'the NetBird user no longer exists' };
    }
  }
  await updateCase(ctx, c.userId, (cur) => (cur.block ? undefined : { ...cur, block: result }));
}

export async function quarantine(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const pending = c.devices.filter((d) => d.kind === 'machine' && !d.quarantine?.done);
  if (!ctx.services.config.offboarding.quarantineMachinePeers) {
    const done: WriteResult = {
      at: ctx.now().toISOString(),
      result: 'skipped',
      note: 'QUARANTINE_MACHINE_PEERS is off',
    };
    await markQuarantined(
      ctx,
      c.userId,
      pending.map((d) => d.peerId),
      done,
    );
    await audit(ctx, c, {
      action: 'netbird.quarantine-peer',
      actor: SYSTEM,
      result: 'skipped',
      summary: `Machine-peer quarantine is switched off: ${pending.length} machine peer(s) left as they are`,
    });
    return;
  }
  const group = await quarantineGroup(ctx, c);
  for (const device of pending) {
    const leave = device.quarantine?.removedFrom ?? [];
    const result = await netbirdWrite(
      ctx,
      c,
      {
        action: 'quarantine-peer',
        target: device.peerId,
        what: `quarantine ${device.name}: out of ${leave.length ? leave.map((g) => g.name).join(', ') : 'no policy group'}, into ${group.name}`,
        detail: { peerId: device.peerId, removedFrom: leave, quarantineGroup: group },
      },
      () => moveToQuarantine(ctx, device, leave, group),
    );
    await markQuarantined(ctx, c.userId, [device.peerId], result);
  }
  // A laptop added to a case whose card is out (re-plan after `assign`): the card shows it now.
  if (c.state !== 'detected' && pending.length > 0) {
    const current = await loadCase(ctx, c.userId);
    if (current) await updateCardsInPlace(ctx, current);
  }
}

export async function markContained(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const quarantined = c.devices.filter(
    (d) => d.kind === 'machine' && d.quarantine?.done && d.quarantine.done.result !== 'skipped',
  ).length;
  const blocked = c.block?.result === 'skipped' ? 'no NetBird account' : 'NetBird user blocked';
  await moveCase(
    ctx,
    c.userId,
    ['detected'],
    'contained',
    SYSTEM,
    `Contained${c.dryRun ? ' (dry run)' : ''}: ${blocked}, ${quarantined} machine peer(s) quarantined`,
  );
}

export async function closeNothing(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  await moveCase(
    ctx,
    c.userId,
    ['detected'],
    'closed',
    SYSTEM,
    'Closed: the user has no NetBird account and no NetBird devices',
    () => ({}),
    'nothing-in-netbird',
  );
}

/** Out of each recorded group, into the quarantine group. True when anything changed. */
async function moveToQuarantine(
  ctx: OffboardingContext,
  device: Device,
  leave: readonly GroupRef[],
  group: GroupRef,
): Promise<boolean> {
  let changed = false;
  for (const g of leave) {
    try {
      await changeGroupPeers(ctx, g.id, (ids) => {
        if (ids.includes(device.peerId)) changed = true;
        return ids.filter((id) => id !== device.peerId);
      });
    } catch (err) {
      if (!(err instanceof NetBirdError && err.isNotFound)) throw err; // a deleted group holds nobody
    }
  }
  await changeGroupPeers(ctx, group.id, (ids) => {
    if (!ids.includes(device.peerId)) changed = true;
    return [...ids, device.peerId];
  });
  return changed;
}

/** The quarantine group, found by name or created (in dry-run only planned), recorded in the case. */
async function quarantineGroup(ctx: OffboardingContext, c: OffboardingCase): Promise<GroupRef> {
  if (c.quarantineGroup) return c.quarantineGroup;
  const name = ctx.services.config.offboarding.quarantineGroupName;
  const nb = ctx.services.netbirdAdmin;
  const group = await withGroupLock(ctx, `name:${name}`, async (): Promise<GroupRef> => {
    const existing = await nb.findGroupByName(name);
    if (existing) return { id: existing.id, name };
    let created: GroupRef | undefined;
    await netbirdWrite(
      ctx,
      c,
      {
        action: 'create-group',
        target: name,
        what: `create the quarantine group ${name} (no policy grants it anything)`,
      },
      async () => {
        created = { id: (await nb.createGroup(name)).id, name };
        return true;
      },
    );
    return created ?? { id: '', name };
  });
  await updateCase(ctx, c.userId, (cur) => (cur.quarantineGroup ? undefined : { ...cur, quarantineGroup: group }));
  return group;
}

async function markQuarantined(
  ctx: OffboardingContext,
  userId: string,
  peerIds: readonly string[],
  done: WriteResult,
): Promise<void> {
  if (peerIds.length === 0) return;
  await updateCase(ctx, userId, (cur) => ({
    ...cur,
    devices: cur.devices.map((d) =>
      peerIds.includes(d.peerId) && !d.quarantine?.done
        ? { ...d, quarantine: { removedFrom: d.quarantine?.removedFrom ?? [], done } }
        : d,
    ),
  }));
}
