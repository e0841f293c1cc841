/**
 * Change-notification subscriptions. For users: `updated,deleted` only, at most 41,760 minutes,
 * renewed with PATCH; `lifecycleNotificationUrl` can only be set at creation.
 * https://learn.microsoft.com/graph/api/resources/subscription
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
import { GraphError } from './errors.js';
import { collectPages } from './paging.js';
import { subscriptionSchema, type CreateSubscriptionRequest, type Subscription } from './schemas.js';
import type { GraphTransport } from './transport.js';
import { graphPath } from './url.js';

/** Longest lifetime Graph accepts for a `users` subscription. */
export const MAX_USER_SUBSCRIPTION_MINUTES = 41_760;

export function createSubscription(t: GraphTransport, body: CreateSubscriptionRequest): Promise<Subscription> {
  return t.json({ method: 'POST', path: '/subscriptions', body }, subscriptionSchema);
}

/** https://learn.microsoft.com/graph/api/subscription-update */
export function renewSubscription(
  t: GraphTransport,
  id: string,
  expirationDateTime: Date | string,
): Promise<Subscription> {
  const expiry = expirationDateTime instanceof Date ? expirationDateTime.toISOString() : expirationDateTime;
  return t.json(
    { method: 'PATCH', path: graphPath`/subscriptions/${id}`, body: { expirationDateTime: expiry } },
    subscriptionSchema,
  );
}

/** Answer to a `reauthorizationRequired` lifecycle event; Graph replies 204.
 * https://learn.microsoft.com/graph/api/subscription-reauthorize */
export async function reauthorizeSubscription(t: GraphTransport, id: string): Promise<void> {
  await t.send({ method: 'POST', path: graphPath`/subscriptions/${id}/reauthorize` });
}

/** Deletes the subscription; false when it was already gone (404). */
export async function deleteSubscription(t: GraphTransport, id: string): Promise<boolean> {
  try {
    await t.send({ method: 'DELETE', path: graphPath`/subscriptions/${id}` });
    return true;
  } catch (err) {
    if (err instanceof GraphError && err.isNotFound) return false;
    throw err;
  }
}

/** The app's subscriptions (the list API returns `clientState: null`). */
export function listSubscriptions(t: GraphTransport): Promise<Subscription[]> {
  return collectPages(t, { path: '/subscriptions' }, subscriptionSchema);
}

export function getSubscription(t: GraphTransport, id: string): Promise<Subscription | undefined> {
  return t.jsonOrUndefined({ path: graphPath`/subscriptions/${id}` }, subscriptionSchema);
}
