/**
 * `POST /api/graph/notifications`: validate the body, keep each item whose `clientState` matches its
 * subscription (mismatches are dropped silently: DESIGN.md §5) and whose tenant is ours, persist a
 * "check user" message per item, then 202. Persisting uses fail-fast queue options so the answer
 * stays inside Graph's 3 s; when an item could not be persisted the answer is 503 so that Graph
 * delivers the batch again (the items that did get through are processed twice, harmlessly: the
 * processor is idempotent), and nothing is lost.
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 */
import { z } from 'zod';
import { StorageError, ValidationError, errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { UserCheck } from '../messages.js';
import type { OffboardingStorage } from '../storage.js';
import { clientStateMatches } from './client-state.js';
import { appMetrics } from '../../telemetry.js';

export const notificationItemSchema = z
  .object({
    subscriptionId: z.string().min(1).max(200),
    changeType: z.string().min(1).max(50),
    clientState: z.string().max(512).nullish(),
    resource: z.string().max(500).optional(),
    resourceData: z
      .object({ id: z.string().min(1).max(200) })
      .loose()
      .optional(),
    tenantId: z.string().max(100).optional(),
    subscriptionExpirationDateTime: z.string().optional(),
  })
  .loose();

export const notificationBodySchema = z.object(
  { value: z.array(z.unknown()).max(1_000) },
  { error: 'Body must be {"value": [ … ]}' },
);

export interface NotificationsOutcome {
  received: number;
  queued: number;
  dropped: { reason: string; count: number }[];
}

const USER_RESOURCE = /^users\/([^/]+)$/i;

function userIdOf(item: z.infer<typeof notificationItemSchema>): string | undefined {
  return item.resourceData?.id ?? USER_RESOURCE.exec(item.resource ?? '')?.[1];
}

export async function receiveNotifications(
  storage: OffboardingStorage,
  tenantId: string,
  body: unknown,
  logger: Logger,
  now = new Date(),
): Promise<NotificationsOutcome> {
  const envelope = notificationBodySchema.safeParse(body);
  if (!envelope.success) throw new ValidationError('Body must be {"value": [ … ]} with at most 1000 notifications');
  const dropped = new Map<string, number>();
  const drop = (reason: string) => dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
  const valid: z.infer<typeof notificationItemSchema>[] = [];
  for (const v of envelope.data.value) {
    const r = notificationItemSchema.safeParse(v);
    if (r.success) valid.push(r.data);
    else drop('invalid item');
  }
  if (envelope.data.value.length > 0 && valid.length === 0)
    throw new ValidationError(
      'No notification in the body has the expected shape (subscriptionId, changeType, resourceData.id)',
    );

  const checks: UserCheck[] = [];
  for (const item of valid) {
    if (!(await clientStateMatches(storage, item.subscriptionId, item.clientState))) {
      drop('clientState mismatch');
      continue;
    }
    if (item.tenantId && item.tenantId.toLowerCase() !== tenantId.toLowerCase()) {
      drop('other tenant');
      continue;
    }
    const userId = userIdOf(item);
    if (!userId) {
      drop('no user id');
      continue;
    }
    const changeType =
      item.changeType === 'updated' ? 'updated' : item.changeType === 'deleted' ? 'deleted' : undefined;
    if (!changeType) {
      drop(`changeType ${item.changeType}`);
      continue;
    }
    checks.push({
      kind: 'check' as const,
      userId: userId.toLowerCase(),
      changeType,
      source: 'notification' as const,
      admitted: false,
      subscriptionId: item.subscriptionId,
      receivedAt: now.toISOString(),
    });
  }
  const results = await Promise.allSettled(checks.map((m) => storage.checksFast.send(m)));
  const failed = results.filter((r) => r.status === 'rejected');
  const outcome = {
    received: envelope.data.value.length,
    queued: checks.length - failed.length,
    dropped: [...dropped].map(([reason, count]) => ({ reason, count })),
  };
  if (failed.length > 0) {
    logger.error('could not persist Graph notifications; answering 503 so Graph retries', {
      failed: failed.length,
      queued: outcome.queued,
      error: errorMessage((failed[0] as PromiseRejectedResult).reason),
    });
    throw new StorageError(`Could not persist ${failed.length} of ${checks.length} notification(s); retry later`);
  }
  appMetrics.notificationsReceived(outcome.queued);
  if (outcome.dropped.length) logger.warn('Graph notifications dropped', { dropped: outcome.dropped });
  return outcome;
}
