/**
 * GET /api/health reports the offboarding loop (issue 17): the Graph subscription's state and
 * expiry, the last successful sweep, the age of the oldest open case, each timer's heartbeat.
 * Nothing secret: no subscription id, no clientState, no user.
 */
import { describe, expect, it } from 'vitest';
import { health } from '../../functions/health.js';
import { openCase } from '../../shared/offboarding/cases.js';
import { offboardingContext } from '../../shared/offboarding/context.js';
import { HEARTBEAT_PARTITION, HEARTBEATS } from '../../shared/offboarding/heartbeat-model.js';
import { withHeartbeat } from '../../shared/offboarding/heartbeat.js';
import { offboardingStatus } from '../../shared/offboarding/status.js';
import { getServices } from '../../functions/root/services.js';
import { callHttp } from '../support/http.js';
import { storeSubscription, useOffboardingWorld } from './support/world.js';

describe('offboarding status in the health report', () => {
  const w = useOffboardingWorld({ PUBLIC_BASE_URL: 'https://entra-ops.contoso.com' });

  it('reports subscription, last sweep, oldest open case and overdue timers', async () => {
    let t = Date.parse('2026-12-04T09:00:00Z');
    const ctx = () => offboardingContext(getServices(), { now: () => new Date(t) });
    for (const name of HEARTBEATS) await ctx().storage.heartbeats.delete(HEARTBEAT_PARTITION, name);
    for (const r of await ctx().storage.subscriptions.listPartition('subscriptions'))
      await ctx().storage.subscriptions.delete('subscriptions', r.rowKey);

    expect((await offboardingStatus(ctx())).subscription).toEqual({ state: 'missing' });
    const { id, clientState } = await storeSubscription(w);
    await openCase(ctx(), {
      userId: crypto.randomUUID(),
      reason: 'disabled',
      requestedBy: { kind: 'notification' },
      manual: false,
    });
    await withHeartbeat(ctx(), 'sweep', () => Promise.resolve());
    const sweptAt = new Date(t).toISOString();
    t += 45 * 60_000;

    const status = await offboardingStatus(ctx());
    expect(status.subscription.state).toBe('active');
    expect(Date.parse(status.subscription.expiresAt!)).toBeGreaterThan(Date.now());
    expect(status.lastSweepAt).toBe(sweptAt);
    expect(status.openCases).toBeGreaterThanOrEqual(1);
    expect(status.oldestOpenCaseAgeMinutes).toBeGreaterThanOrEqual(45);
    expect(status.timers.sweep).toEqual({ lastSuccessAt: sweptAt, overdue: true, thresholdMinutes: 30 });
    expect(status.timers.subscriptions).toEqual({ lastSuccessAt: null, overdue: false, thresholdMinutes: 720 });

    // Through the endpoint (real clock): the same block, and no secret in it.
    const res = await callHttp(health, {});
    const body = res.json as { offboarding: Record<string, unknown> };
    expect(body.offboarding).toMatchObject({
      subscription: { state: 'active' },
      lastSweepAt: sweptAt,
      timers: { sweep: { lastSuccessAt: sweptAt } },
    });
    expect(res.text).not.toContain(clientState);
    expect(res.text).not.toContain(id);
  });
});
