/**
 * The offboarding loop's own health, for GET /api/health: the Graph subscription's state and expiry,
 * the last successful sweep, the age of the oldest open case, and each timer's last success and
 * whether it is overdue (heartbeat.ts). Read from storage only (no Graph call), and nothing secret:
 * no subscription id, no clientState, no user.
 */
import type { OffboardingContext } from './context.js';
import { HEARTBEAT_PARTITION, HEARTBEATS, type HeartbeatName } from './heartbeat-model.js';
import { isOverdue, thresholdMinutes } from './heartbeat.js';
import { CASE_PARTITION, SUBSCRIPTION_PARTITION } from './storage.js';
import { webhookUrls } from './subscriptions.js';
import { tableFilter } from '../store/table.js';

export interface OffboardingStatus {
  subscription: { state: 'active' | 'expired' | 'missing' | 'not-configured'; expiresAt?: string };
  lastSweepAt: string | null;
  openCases: number;
  oldestOpenCaseAgeMinutes: number | null;
  timers: Record<HeartbeatName, { lastSuccessAt: string | null; overdue: boolean; thresholdMinutes: number }>;
}

export async function offboardingStatus(ctx: OffboardingContext): Promise<OffboardingStatus> {
  const now = ctx.now().getTime();
  const [subs, open, beats] = await Promise.all([
    ctx.storage.subscriptions.listPartition(SUBSCRIPTION_PARTITION),
    ctx.storage.cases.query(tableFilter`PartitionKey eq ${CASE_PARTITION} and open eq ${true}`),
    ctx.storage.heartbeats.listPartition(HEARTBEAT_PARTITION),
  ]);
  const latest = subs
    .map((r) => r.value)
    .filter((s) => s.resource.toLowerCase() === 'users')
    .map((s) => s.expirationDateTime)
    .sort()
    .at(-1);
  const subscription: OffboardingStatus['subscription'] = latest
    ? { state: Date.parse(latest) > now ? 'active' : 'expired', expiresAt: latest }
    : { state: webhookUrls(ctx.services.config) ? 'missing' : 'not-configured' };
  const oldest = open.map((r) => r.value.openedAt).sort()[0];
  const byName = new Map(beats.map((r) => [r.value.name, r.value]));
  const timers = Object.fromEntries(
    HEARTBEATS.map((name) => {
      const b = byName.get(name);
      return [
        name,
        {
          lastSuccessAt: b?.lastSuccessAt ?? null,
          overdue: b ? isOverdue(ctx, b) : false,
          thresholdMinutes: thresholdMinutes(ctx, name),
        },
      ];
    }),
  ) as OffboardingStatus['timers'];
  return {
    subscription,
    lastSweepAt: timers.sweep.lastSuccessAt,
    openCases: open.length,
    oldestOpenCaseAgeMinutes: oldest ? Math.floor((now - Date.parse(oldest)) / 60_000) : null,
    timers,
  };
}
