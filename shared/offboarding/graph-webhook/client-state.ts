/**
 * Checks a notification's `clientState` against the secret stored with its subscription, in
 * constant time (both sides hashed to the same length first, so neither length nor content leaks
 * through timing). Subscription secrets are read from table storage and kept in memory for a short
 * while: the webhook must answer within 3 s and a burst should not read the table per item.
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#receive-notifications
 */
import { sameSecret } from '../../http/same-secret.js';
import { registerSecrets } from '../../logger.js';
import type { OffboardingStorage } from '../storage.js';
import { SUBSCRIPTION_PARTITION } from '../storage.js';

const CACHE_MS = 60_000;
const cache = new Map<string, { clientState: string; until: number }>();

export { sameSecret };

async function storedClientState(
  storage: OffboardingStorage,
  subscriptionId: string,
  now: number,
): Promise<string | undefined> {
  const hit = cache.get(subscriptionId);
  if (hit && hit.until > now) return hit.clientState;
  const row = await storage.subscriptionsFast.get(SUBSCRIPTION_PARTITION, subscriptionId);
  if (!row) return undefined; // unknown subscriptions are not cached: one may be stored any moment
  registerSecrets([row.value.clientState]);
  cache.set(subscriptionId, { clientState: row.value.clientState, until: now + CACHE_MS });
  return row.value.clientState;
}

/** True when the subscription is ours and `clientState` is its secret. */
export async function clientStateMatches(
  storage: OffboardingStorage,
  subscriptionId: string,
  clientState: string | null | undefined,
  now = Date.now(),
): Promise<boolean> {
  if (!clientState) return false;
  const expected = await storedClientState(storage, subscriptionId, now);
  return expected !== undefined && sameSecret(expected, clientState);
}

/** After a subscription is recreated or deleted. */
export function forgetSubscription(subscriptionId: string): void {
  cache.delete(subscriptionId);
}
