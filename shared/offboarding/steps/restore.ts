/**
 * "Keep" for a quarantined machine peer (and every machine peer after a confirmed false alarm):
 * back into exactly the groups recorded when it was quarantined, and out of the quarantine group.
 */
import { NetBirdError } from '../../netbird/index.js';
import type { OffboardingContext } from '../context.js';
import type { Device, OffboardingCase, WriteResult } from '../model.js';
import { changeGroupPeers } from '../group-writes.js';
import { netbirdWrite } from '../netbird-write.js';

export async function restorePeer(ctx: OffboardingContext, c: OffboardingCase, device: Device): Promise<WriteResult> {
  const groups = device.quarantine?.removedFrom ?? [];
  return netbirdWrite(
    ctx,
    c,
    {
      action: 'restore-peer',
      target: device.peerId,
      what: `restore ${device.name} to ${groups.map((g) => g.name).join(', ') || 'no group'} and take it out of ${c.quarantineGroup?.name ?? 'quarantine'}`,
      detail: { peerId: device.peerId, groups },
    },
    async () => {
      let changed = false;
      for (const g of groups) {
        await changeGroupPeers(ctx, g.id, (ids) => {
          if (!ids.includes(device.peerId)) changed = true;
          return [...ids, device.peerId];
        });
      }
      if (c.quarantineGroup?.id) {
        try {
          await changeGroupPeers(ctx, c.quarantineGroup.id, (ids) => {
            if (ids.includes(device.peerId)) changed = true;
            return ids.filter((id) => id !== device.peerId);
          });
        } catch (err) {
          if (!(err instanceof NetBirdError && err.isNotFound)) throw err;
        }
      }
      return changed;
    },
  );
}
