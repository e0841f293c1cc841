/**
 * Issue 17: heartbeats. The sweep, the subscription renewal and the retry timer each record their
 * successes; any of them finding another overdue (no success for twice its period) posts one alert
 * card to the IT channel, updates it in place while it stays overdue, and finally to "running
 * again". Simulated clock; storage on Azurite; Teams at the wire.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contextLogger } from '../../shared/logger.js';
import { offboardingContext, type OffboardingContext } from '../../shared/offboarding/context.js';
import { HEARTBEAT_PARTITION, HEARTBEATS } from '../../shared/offboarding/heartbeat-model.js';
import { checkHeartbeats, withHeartbeat } from '../../shared/offboarding/heartbeat.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { useOffboardingWorld } from './support/world.js';

const CHANNEL = '19:it-ops-channel@thread.tacv2';
const MIN = 60_000;

describe('timer heartbeats', () => {
  const w = useOffboardingWorld();
  let t = 0;
  const ctx = (): OffboardingContext => offboardingContext(getServices(), { now: () => new Date(t) });
  const reset = async () => {
    t = Date.parse('2026-12-04T09:00:00Z');
    for (const name of HEARTBEATS) await ctx().storage.heartbeats.delete(HEARTBEAT_PARTITION, name);
  };
  const channel = () => w.bot.activities.filter((a) => a.conversationId === CHANNEL);
  const text = (a: { activity: Record<string, unknown> }) => JSON.stringify(a.activity);

  it('the sweep stops succeeding: one card after twice its period, updated while overdue, then "running again"', async () => {
    await reset();
    expect(getServices().config.heartbeats).toEqual({ sweep: 30, subscriptions: 720, retry: 2 });
    await withHeartbeat(ctx(), 'sweep', () => Promise.resolve('swept'));
    await withHeartbeat(ctx(), 'retry', () => Promise.resolve());
    expect(channel()).toEqual([]);

    // The retry timer keeps running every minute; the sweep fails from now on.
    const sweepFails = () =>
      withHeartbeat(ctx(), 'sweep', () => Promise.reject(new Error('Graph GET /users/delta failed (503)')));
    for (let m = 1; m <= 30; m++) {
      t += MIN;
      await withHeartbeat(ctx(), 'retry', () => Promise.resolve());
      if (m % 15 === 0) await expect(sweepFails()).rejects.toThrow('503');
    }
    expect(channel()).toEqual([]); // exactly 30 minutes: not over the threshold yet

    t += MIN;
    await withHeartbeat(ctx(), 'retry', () => Promise.resolve());
    expect(channel()).toHaveLength(1);
    const [post] = channel();
    expect(post!.method).toBe('POST');
    expect(text(post!)).toContain('Not running: delta sweep');
    expect(text(post!)).toContain('Graph GET /users/delta failed (503)');
    expectValidCard((post!.activity.attachments as { content: unknown }[])[0]!.content);
    const sent = (await ctx().storage.heartbeats.get(HEARTBEAT_PARTITION, 'sweep'))!.value.alert!.sent!;
    expect(sent).toMatchObject({ conversationId: CHANNEL, via: 'channel' });

    // Still overdue: no second post; the card is refreshed in place every 30 minutes at most.
    for (let m = 0; m < 31; m++) {
      t += MIN;
      await withHeartbeat(ctx(), 'retry', () => Promise.resolve());
    }
    expect(channel().filter((a) => a.method === 'POST')).toHaveLength(1);
    const updates = channel().filter((a) => a.method === 'PUT');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.activityId).toBe(sent.activityId);

    // The sweep succeeds again: the same card says so.
    t += MIN;
    await withHeartbeat(ctx(), 'sweep', () => Promise.resolve('swept'));
    const last = channel().at(-1)!;
    expect(last).toMatchObject({ method: 'PUT', activityId: sent.activityId });
    expect(text(last)).toContain('Running again: delta sweep');
    expectValidCard((last.activity.attachments as { content: unknown }[])[0]!.content);
    expect((await ctx().storage.heartbeats.get(HEARTBEAT_PARTITION, 'sweep'))?.value.alert).toBeUndefined();
    expect(channel().filter((a) => a.method === 'POST')).toHaveLength(1);
  });

  it('a timer that never runs is noticed from when the others first saw it, and two checks at once post one card', async () => {
    await reset();
    await withHeartbeat(ctx(), 'sweep', () => Promise.resolve());
    t += 3 * MIN; // the retry timer never ran: over its 2 minutes since the sweep first looked
    // Two timers check at the same moment: the alert is claimed (ETag) before it is posted.
    await Promise.all([checkHeartbeats(ctx()), checkHeartbeats(ctx())]);
    const posts = channel().filter((a) => a.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(text(posts[0]!)).toContain('Not running: retry timer');
    expect(text(posts[0]!)).toContain('never');
  });

  it('logs the "timer heartbeat" record infra/main.bicep alerts on, with one Azure Monitor rule per heartbeat', async () => {
    await reset();
    const lines: string[] = [];
    const sink = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
    const logged = offboardingContext(getServices(), {
      now: () => new Date(t),
      logger: contextLogger({ trace: sink, log: sink, warn: sink, error: sink }),
    });
    await withHeartbeat(logged, 'subscriptions', () => Promise.resolve());
    // What the Functions host writes to `traces` (context.log): the message, then the fields as JSON.
    expect(lines).toContainEqual(expect.stringMatching(/^timer heartbeat \{.*"heartbeat":"subscriptions"/));

    const bicep = readFileSync(new URL('../../infra/main.bicep', import.meta.url), 'utf8');
    expect(bicep).toContain("resource heartbeatAlerts 'Microsoft.Insights/scheduledQueryRules@");
    expect(bicep).toContain(`message contains "timer heartbeat"`);
    expect(bicep).toContain(`message contains \\'"heartbeat":"{0}"\\'`);
    for (const [name, timer] of [
      ['sweep', 'offboardingSweep'],
      ['subscriptions', 'graphSubscriptions'],
      ['retry', 'offboardingRetry'],
    ]) {
      expect(bicep).toMatch(
        new RegExp(`\\{ name: '${name}', timer: '${timer}', window: 'PT\\w+', frequency: 'PT\\w+' \\}`),
      );
    }
    expect(HEARTBEATS).toEqual(['sweep', 'subscriptions', 'retry']);
  });
});
