/** What several benches need: formatting, percentiles, a stored Graph subscription, nock kept to loopback. */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import type { OffboardingStorage } from '../shared/offboarding/storage.js';

export const ms = (v: number): string => `${v.toFixed(0)} ms`;
export const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));

/** The nearest-rank percentile (p in 0..100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Fails any HTTP request that nock does not fake, except to loopback (Azurite, local servers). */
export function loopbackOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
}

/** A `users` subscription as the subscriptions timer stores it; notifications must carry its clientState. */
export async function storeSubscription(storage: OffboardingStorage): Promise<{ subscriptionId: string; clientState: string }> {
  const subscriptionId = randomUUID();
  const clientState = randomUUID();
  const now = new Date().toISOString();
  await storage.subscriptions.upsert('subscriptions', subscriptionId, {
    id: subscriptionId, resource: 'users', changeType: 'updated,deleted', clientState, expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    notificationUrl: 'https://ops.example/api/graph/notifications', createdAt: now, updatedAt: now,
  });
  return { subscriptionId, clientState };
}
