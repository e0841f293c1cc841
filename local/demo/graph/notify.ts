/**
 * Change notifications, sent as Graph sends them for `users`: a POST of `{"value": [ … ]}` to the
 * subscription's notificationUrl with its clientState, the user in `resource` and `resourceData`,
 * the tenant, and the subscription's id and expiry. A soft delete is an `updated` notification; only
 * a permanent delete is `deleted`. Graph wants an answer within 3 s; the simulator records what it
 * got (state.deliveries) and does not retry.
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#receive-notifications
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../shared/logger.js';
import type { Delivery, GraphState, SimSubscription } from './state.js';
import { safeUrl } from './subscriptions.js';

const ANSWER_WITHIN_MS = 3_000;

function notification(state: GraphState, sub: SimSubscription, userId: string, changeType: 'updated' | 'deleted') {
  return {
    id: randomUUID(),
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: sub.expirationDateTime,
    changeType,
    resource: `Users/${userId}`,
    resourceData: {
      '@odata.type': '#Microsoft.Graph.User',
      '@odata.id': `Users/${userId}`,
      id: userId,
      organizationId: state.tenantId,
    },
    clientState: sub.clientState,
    tenantId: state.tenantId,
  };
}

async function deliver(
  state: GraphState,
  sub: SimSubscription,
  userId: string,
  changeType: 'updated' | 'deleted',
  now: Date,
  logger: Logger,
): Promise<Delivery> {
  let status = 0;
  try {
    const response = await fetch(sub.notificationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [notification(state, sub, userId, changeType)] }),
      redirect: 'manual',
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    await response.body?.cancel();
    status = response.status;
  } catch (err) {
    logger.warn('Graph simulator: change notification not answered', {
      url: safeUrl(sub.notificationUrl),
      error: err instanceof Error ? err.name : String(err),
    });
  }
  const delivery: Delivery = {
    at: now.toISOString(),
    subscriptionId: sub.id,
    url: safeUrl(sub.notificationUrl),
    changeType,
    userId,
    status,
  };
  state.deliveries.push(delivery);
  logger.info('Graph simulator sent a change notification', { ...delivery });
  return delivery;
}

/** Notifies every active `users` subscription that asked for this change type. */
export async function notifyUserChange(
  state: GraphState,
  userId: string,
  changeType: 'updated' | 'deleted',
  now: Date,
  logger: Logger,
): Promise<Delivery[]> {
  const subs = [...state.subscriptions.values()].filter(
    (s) =>
      Date.parse(s.expirationDateTime) > now.getTime() &&
      s.resource.toLowerCase() === 'users' &&
      s.changeType.split(',').includes(changeType),
  );
  return Promise.all(subs.map((s) => deliver(state, s, userId, changeType, now, logger)));
}
