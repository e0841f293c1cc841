/**
 * Issue 17: containment finishes by itself after an outage, however long. NetBird answers 503 to
 * every write for 30 simulated minutes while three leavers are disabled; the queue gives up on each
 * after its five attempts, the retry timer re-queues them with growing back-off (1, 2, 5, 15, 30
 * min), and when NetBird is back all three are blocked and quarantined with no human action,
 * exactly once each, and each case's one alert card is updated in place to "recovered".
 * A failure retrying cannot fix (NetBird refusing to block an account owner) is told apart: one
 * alert card "needs a person", no redelivery storm, no automatic retry.
 * Clock: simulated (support/sim-host.ts); queues and tables: Azurite; NetBird, Graph, Teams: at the wire.
 */
import { describe, expect, it } from 'vitest';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { OffboardingCase } from '../../shared/offboarding/model.js';
import { runRetries } from '../../shared/offboarding/retry.js';
import { expectValidCard } from '../support/cards.js';
import { callHttp } from '../support/http.js';
import { simHost } from '../offboarding/support/sim-host.js';
import {
  notificationBody,
  scenario,
  storeSubscription,
  useOffboardingWorld,
  type Scenario,
  type World,
} from '../offboarding/support/world.js';

async function notify(w: World, userIds: string[]): Promise<void> {
  const { id, clientState } = await storeSubscription(w);
  for (const userId of userIds) {
    const hook = await callHttp(graphNotifications, {
      method: 'POST',
      body: { string: JSON.stringify(notificationBody(userId, id, clientState)) },
      headers: { 'content-type': 'application/json' },
    });
    expect(hook.status).toBe(202);
  }
}

const cardText = (a: { activity: Record<string, unknown> }) => JSON.stringify(a.activity);

describe("an outage longer than the queue's retries", () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it('NetBird refuses every write for 30 simulated minutes: on recovery all three leavers are blocked and quarantined once each, and the alert cards say recovered', async () => {
    const people: Scenario[] = [await scenario(w), await scenario(w), await scenario(w)];
    const host = simHost(w.connectionString());
    for (const m of ['PUT', 'POST', 'DELETE']) w.netbird.fail(m, /^\/api\//, 503, Infinity);
    await notify(
      w,
      people.map((s) => s.leaver.id),
    );

    await host.run(30);
    // Thirty minutes in: nothing blocked, every case in a failure episode with a retry scheduled,
    // one alert card per case, posted once and since then only updated.
    expect(w.netbird.blockCalls()).toEqual([]);
    expect(
      w.netbird.writes().filter((r) => r.method === 'PUT' && r.path.startsWith('/api/users/')).length,
    ).toBeGreaterThan(3 * 5 * 3);
    const during: OffboardingCase[] = [];
    for (const s of people) during.push((await loadCase(host.ctx, s.leaver.id))!);
    for (const c of during) {
      expect(c).toMatchObject({ state: 'detected', open: true, retry: { cause: 'failed', alert: { via: 'channel' } } });
      expect(c.retry!.attempts).toBeGreaterThanOrEqual(3); // retried at about 3, 7 and 16 minutes
      expect(c.retry!.needsPerson).toBeUndefined();
    }
    const posts = () =>
      w.bot.activities.filter((a) => a.method === 'POST' && a.conversationId === '19:it-ops-channel@thread.tacv2');
    expect(posts()).toHaveLength(3);
    for (const p of posts()) {
      expect(cardText(p)).toContain('Offboarding failing');
      expectValidCard((p.activity.attachments as { content: unknown }[])[0]!.content);
    }
    expect(host.poisoned).toBeGreaterThanOrEqual(3 * 4);

    // NetBird is back. Nobody does anything; the next retries (at most 30 minutes away) finish the job.
    w.netbird.clearFailures();
    const allContained = async () => {
      for (const s of people) if ((await loadCase(host.ctx, s.leaver.id))?.state !== 'awaiting-approval') return false;
      return true;
    };
    await host.run(40, allContained);
    expect(await allContained()).toBe(true);

    for (const [i, s] of people.entries()) {
      const c = (await loadCase(host.ctx, s.leaver.id))!;
      expect(c.retry).toBeUndefined();
      expect(c.failure).toBeUndefined();
      expect(w.netbird.blockCalls().filter((b) => b.userId === s.netbirdUserId)).toEqual([
        { userId: s.netbirdUserId, body: { role: 'user', auto_groups: ['grp-users', 'grp-eng'], is_blocked: true } },
      ]);
      expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
      // The case's own alert card, updated in place to "recovered"; no new post for it.
      const alert = during[i]!.retry!.alert!;
      const last = w.bot.activities.filter((a) => a.activityId === alert.activityId && a.method === 'PUT').at(-1)!;
      expect(cardText(last)).toContain('Offboarding recovered');
      expect(cardText(last)).toContain('NetBird user blocked; 1 of 1 machine peer(s) quarantined');
      expectValidCard((last.activity.attachments as { content: unknown }[])[0]!.content);
      const trail = (await host.ctx.storage.audit.listByCorrelation(c.id)).map((e) => e.action);
      expect(trail).toContain('case.retried');
      expect(trail.filter((a) => a === 'case.recovered')).toHaveLength(1);
    }
    expect(posts()).toHaveLength(3);
    // The managers got their approval cards: the loop went on past containment by itself.
    expect(
      w.bot.activities.filter((a) => a.method === 'POST' && a.conversationId.startsWith('a:1personal-')),
    ).toHaveLength(3);
    // Nothing left behind: no message queued, no case still scheduled for a retry.
    expect(await host.ctx.storage.checks.approximateCount()).toBe(0);
    expect(await host.ctx.storage.work.approximateCount()).toBe(0);
    expect((await runRetries(host.ctx)).requeued).toEqual([]);
  }, 240_000);

  it('NetBird refuses to block an account owner (403): one "needs a person" card at once, no redelivery, no automatic retry', async () => {
    const s = await scenario(w);
    const host = simHost(w.connectionString());
    w.netbird.fail('PUT', /^\/api\/users\//, 403, Infinity);
    await notify(w, [s.leaver.id]);

    await host.run(60);
    const c = (await loadCase(host.ctx, s.leaver.id))!;
    expect(c).toMatchObject({
      state: 'detected',
      failure: { step: 'block' },
      retry: { attempts: 0, needsPerson: expect.stringContaining('403') },
    });
    expect(c.retry!.nextAt).toBeUndefined();
    // One attempt at the block (the client does not retry a 403), no poison, no retry in an hour.
    expect(w.netbird.writes().filter((r) => r.method === 'PUT' && r.path.startsWith('/api/users/'))).toHaveLength(1);
    expect(host.poisoned).toBe(0);
    const posts = w.bot.activities.filter(
      (a) => a.method === 'POST' && a.conversationId === '19:it-ops-channel@thread.tacv2',
    );
    expect(posts).toHaveLength(1);
    expect(cardText(posts[0]!)).toContain('Offboarding needs a person');
    expect(cardText(posts[0]!)).toContain('account owner cannot be blocked');
    expectValidCard((posts[0]!.activity.attachments as { content: unknown }[])[0]!.content);
    expect(w.bot.activities.filter((a) => a.method === 'PUT')).toEqual([]);
  }, 120_000);
});
