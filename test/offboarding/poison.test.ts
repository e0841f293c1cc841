/**
 * NetBird failing on every attempt: the host retries the message up to maxDequeueCount, then moves
 * it to `<queue>-poison`, whose function marks the case failed, schedules the automatic retry
 * (issue 17: the retry timer takes it from there, test/reliability/outage-recovery.test.ts) and
 * posts the episode's alert card to IT. Run
 * with the local host's queue pollers (real queues on Azurite, the host's retry rules) and a short
 * visibility timeout so retries come quickly.
 */
import { describe, expect, it } from 'vitest';
import { offboardingChecks } from '../../functions/offboarding-checks.js';
import { offboardingChecksPoison } from '../../functions/offboarding-checks-poison.js';
import { startQueuePollers } from '../../local/queues.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { requestOffboarding } from '../../shared/offboarding/request.js';
import { offboardingWork } from '../../functions/offboarding-work.js';
import { offboardingWorkPoison } from '../../functions/offboarding-work-poison.js';
import { silentLogger } from '../../shared/logger.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { drainQueues } from './support/queues.js';
import { notificationBody, scenario, storeSubscription, useOffboardingWorld } from './support/world.js';
import { callHttp } from '../support/http.js';
import { graphNotifications } from '../../functions/graph-notifications.js';

async function until(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a step that fails on every retry', () => {
  const w = useOffboardingWorld();

  it('ends in the poison queue: the case is marked failed, a retry is scheduled and IT gets an alert card; offboard resumes it and the card says recovered', async () => {
    const s = await scenario(w);
    w.netbird.fail('PUT', /^\/api\/users\//, 500, Infinity);
    const { id, clientState } = await storeSubscription(w);
    const hook = await callHttp(graphNotifications, {
      method: 'POST',
      body: { string: JSON.stringify(notificationBody(s.leaver.id, id, clientState)) },
    });
    expect(hook.status).toBe(202);

    const pollers = startQueuePollers(
      [offboardingChecks, offboardingChecksPoison, offboardingWork, offboardingWorkPoison],
      w.connectionString(),
      {
        batchSize: 4,
        maxDequeueCount: 2,
        visibilityTimeoutMs: 1_000,
        maxPollingIntervalMs: 200,
        messageEncoding: 'base64',
      },
      silentLogger,
    );
    try {
      await until(async () => (await loadCase(w.ctx(), s.leaver.id))?.failure !== undefined);
      await until(() =>
        Promise.resolve(w.bot.activities.some((a) => JSON.stringify(a.activity).includes('Offboarding failing'))),
      );
    } finally {
      await pollers.stop();
    }
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({ state: 'detected', failure: { step: 'block', message: expect.stringContaining('500') } });
    // The first automatic retry is due RETRY_BACKOFF_MINUTES[0] (1 min) after the give-up.
    expect(c.retry).toMatchObject({ cause: 'failed', attempts: 0, alert: { via: 'channel' } });
    expect(Date.parse(c.retry!.nextAt!) - Date.parse(c.retry!.since)).toBe(60_000);
    expect(c.lease).toBeUndefined();
    expect(w.netbird.blockCalls()).toEqual([]);
    const alerts = w.bot.activities.filter(
      (a) => a.method === 'POST' && JSON.stringify(a.activity).includes('Offboarding failing'),
    );
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.conversationId).toBe('19:it-ops-channel@thread.tacv2');
    expectValidCard((alert.activity.attachments as { content: unknown }[])[0]!.content);
    expect(JSON.stringify(alert.activity)).toContain(c.id);
    expect(JSON.stringify(alert.activity)).toContain('next attempt at');
    const trail = await w.ctx().storage.audit.listByCorrelation(c.id);
    expect(trail.filter((e) => e.action === 'step.failed').length).toBeGreaterThanOrEqual(2);
    expect(trail.at(-1)).toMatchObject({ action: 'case.failed', result: 'failed' });

    // NetBird is back; IT runs `offboard <user>` (the bot command's use-case): the case resumes from where it stopped.
    w.netbird.clearFailures();
    const again = await requestOffboarding(getServices(), {
      user: s.leaver.userPrincipalName,
      requestedBy: { kind: 'teams', id: s.approver.id, name: 'Ivy Kealoha' },
    });
    expect(again).toEqual({ caseId: c.id, userId: s.leaver.id, created: false });
    expect(await loadCase(w.ctx(), s.leaver.id)).not.toHaveProperty('failure');
    await drainQueues(w.connectionString());
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({ id: c.id, state: 'awaiting-approval' });
    expect(w.netbird.blockCalls()).toHaveLength(1);
    const actions = (await w.ctx().storage.audit.listByCorrelation(c.id)).map((e) => e.action);
    expect(actions).toContain('case.resumed');
    expect(actions).toContain('case.recovered');
    // The episode ended: its card was updated in place, not posted again.
    expect(await loadCase(w.ctx(), s.leaver.id)).not.toHaveProperty('retry');
    const updates = w.bot.activities.filter((a) => a.method === 'PUT' && a.activityId === c.retry!.alert!.activityId);
    expect(JSON.stringify(updates.at(-1)!.activity)).toContain('Offboarding recovered');
    expectValidCard((updates.at(-1)!.activity.attachments as { content: unknown }[])[0]!.content);
  });
});
