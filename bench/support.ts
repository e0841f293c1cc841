/** What several benches need: formatting, percentiles, a stored Graph subscription. */
import { randomUUID } from 'node:crypto';
import type { OffboardingStorage } from '../shared/offboarding/storage.js';
import { currentProfile } from './profiles.js';
import type { BenchFigure, BenchResult } from './run.js';

export { currentProfile, PROFILES, type Profile, type ProfileName } from './profiles.js';

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

/** A `users` subscription as the subscriptions timer stores it; notifications must carry its clientState. */
export async function storeSubscription(
  storage: OffboardingStorage,
): Promise<{ subscriptionId: string; clientState: string }> {
  const subscriptionId = randomUUID();
  const clientState = randomUUID();
  const now = new Date().toISOString();
  await storage.subscriptions.upsert('subscriptions', subscriptionId, {
    id: subscriptionId,
    resource: 'users',
    changeType: 'updated,deleted',
    clientState,
    expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    notificationUrl: 'https://ops.example/api/graph/notifications',
    createdAt: now,
    updatedAt: now,
  });
  return { subscriptionId, clientState };
}

export type BenchSettings = Record<string, string | number | boolean>;

/**
 * Every bench ends with this: prints the settings it ran with and its figures, and returns them
 * for bench/run.ts (which adds peak heap and writes RESULTS.md). Settings are the ones a reader
 * needs to repeat the run: app settings by their names (NETBIRD_WRITES_PER_SECOND...), sizes
 * (users, peers, leavers), concurrency, fake latencies; `profile` is added here.
 */
export function benchResult(name: string, settings: BenchSettings, figures: BenchFigure[]): BenchResult {
  const all = { profile: currentProfile().name, ...settings };
  const lines = [
    `${name}: settings ${Object.entries(all)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    ...figures.map((f) => `  ${f.figure}: ${f.value}${f.target ? `  (target ${f.target})` : ''}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return { name, settings: all, figures };
}
