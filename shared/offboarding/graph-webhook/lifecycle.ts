/**
 * `POST /api/graph/lifecycle`: lifecycle notifications for our subscriptions, checked like change
 * notifications (clientState per subscription, constant time; mismatches dropped, still 202), then
 * queued as work: reauthorizing, recreating and sweeping take longer than Graph waits.
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
import { z } from 'zod';
import { StorageError, ValidationError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { OffboardingStorage } from '../storage.js';
import { clientStateMatches } from './client-state.js';

export const LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;

const lifecycleItemSchema = z
  .object({
    lifecycleEvent: z.string().min(1).max(100),
    subscriptionId: z.string().min(1).max(200),
    clientState: z.string().max(512).nullish(),
    tenantId: z.string().max(100).optional(),
  })
  .loose();
const bodySchema = z.object({ value: z.array(z.unknown()).max(1_000) });

export async function receiveLifecycle(
  storage: OffboardingStorage,
  tenantId: string,
  body: unknown,
  logger: Logger,
): Promise<{ queued: number; dropped: number }> {
  const envelope = bodySchema.safeParse(body);
  if (!envelope.success)
    throw new ValidationError('Body must be {"value": [ … ]} with at most 1000 lifecycle notifications');
  const items = envelope.data.value.map((v) => lifecycleItemSchema.safeParse(v));
  if (items.length > 0 && items.every((i) => !i.success))
    throw new ValidationError('No lifecycle notification has the expected shape (lifecycleEvent, subscriptionId)');
  let dropped = 0;
  const work = [];
  for (const parsed of items) {
    if (!parsed.success) {
      dropped++;
      continue;
    }
    const item = parsed.data;
    const event = LIFECYCLE_EVENTS.find((e) => e === item.lifecycleEvent);
    const ours = await clientStateMatches(storage, item.subscriptionId, item.clientState);
    if (!ours || !event || (item.tenantId && item.tenantId.toLowerCase() !== tenantId.toLowerCase())) {
      dropped++;
      continue;
    }
    work.push({ kind: 'lifecycle' as const, event, subscriptionId: item.subscriptionId });
  }
  try {
    await Promise.all(work.map((w) => storage.workFast.send(w)));
  } catch (err) {
    throw new StorageError(
      `Could not persist lifecycle notifications: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (dropped) logger.warn('lifecycle notifications dropped', { dropped });
  logger.info('lifecycle notifications queued', { events: work.map((w) => w.event) });
  return { queued: work.length, dropped };
}
