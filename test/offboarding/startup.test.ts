/**
 * Issue 17: no gap after deployment. Every host queues a subscription ensure when it starts
 * (app.hook.appStart; the local host runs the same hook), so the Graph subscription exists within
 * seconds, not at the first 6-hourly tick; hosts starting together create one subscription (a lease
 * row serialises the ensures, the second finds the first one's and keeps it).
 */
import { describe, expect, it } from 'vitest';
import { hostStart } from '../../functions/host-start.js';
import { startLocalHost } from '../../local/host.js';
import { registeredStartHooks } from '../../shared/host/registry.js';
import { silentLogger } from '../../shared/logger.js';
import { processWork } from '../../shared/offboarding/process-work.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { ENSURE_LEASE, type EnsureOutcome } from '../../shared/offboarding/subscriptions.js';
import { useOffboardingWorld } from './support/world.js';

const BASE = 'https://entra-ops.contoso.com';

describe('Graph subscription ensured when a host starts', () => {
  const w = useOffboardingWorld({
    PUBLIC_BASE_URL: BASE,
    GRAPH_WEBHOOK_FUNCTION_KEY: 'fnKey_0123456789abcdefghijklmnopqrstuv==',
  });
  const storage = () => offboardingStorage(w.connectionString());
  const clear = async () => {
    for (const r of await storage().subscriptions.listPartition('subscriptions'))
      await storage().subscriptions.delete('subscriptions', r.rowKey);
    for (const m of await storage().work.receive(32, 1)) await storage().work.delete(m);
  };
  const creates = () => w.graph.calls.filter((c) => c === 'POST /v1.0/subscriptions');

  it('two instances starting at once queue two ensures and end with one subscription', async () => {
    await clear();
    expect(registeredStartHooks()).toContainEqual(hostStart);
    // Two workers start: each runs the app-start hook.
    await Promise.all([hostStart.handler(), hostStart.handler()]);
    const messages = await storage().work.receive(32, 60);
    expect(messages.map((m) => m.ok && m.body)).toEqual([
      { kind: 'subscription', reason: 'host start' },
      { kind: 'subscription', reason: 'host start' },
    ]);

    // Two instances take one message each, at the same time.
    const outcomes = await Promise.all(
      messages.map(async (m) => {
        const out = (await processWork(
          w.ctx(),
          m.ok ? m.body : ({} as never),
          `message:${m.messageId}`,
          1,
        )) as EnsureOutcome;
        await storage().work.delete(m);
        return out;
      }),
    );
    expect(outcomes.map((o) => o.action).sort()).toEqual(['created', 'kept']);
    expect(creates()).toHaveLength(1);
    expect(w.graph.world.subscriptions).toHaveLength(1);
    const rows = await storage().subscriptions.listPartition('subscriptions');
    expect(rows.map((r) => r.rowKey)).toEqual([w.graph.world.subscriptions[0]!.id]);
    // The lease was given back.
    expect(await storage().leases.get(ENSURE_LEASE.partition, ENSURE_LEASE.name)).toBeUndefined();
  }, 60_000);

  it('the local host runs the same start hook: a fresh deployment has its subscription without any timer', async () => {
    await clear();
    const host = await startLocalHost({ port: 0, logger: silentLogger, timers: false });
    try {
      const deadline = Date.now() + 20_000;
      while (w.graph.world.subscriptions.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await host.stop();
    }
    expect(w.graph.world.subscriptions).toHaveLength(1);
    expect(w.graph.world.subscriptions[0]).toMatchObject({
      resource: 'users',
      notificationUrl: expect.stringContaining(`${BASE}/api/graph/notifications`),
    });
    expect(creates()).toHaveLength(1);
  }, 60_000);

  it('a start with storage unreachable does not throw (the timer ensures it later)', async () => {
    process.env.AzureWebJobsStorage =
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;';
    const { resetServices } = await import('../../functions/root/services.js');
    resetServices();
    await expect(hostStart.handler()).resolves.toBeUndefined();
  }, 60_000);
});
