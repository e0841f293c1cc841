/**
 * The subscriptions timer and the lifecycle events that act on the subscription, against a
 * stateful Graph fake: create once with the lifecycle URL, keep, renew well before expiry, recreate
 * when Graph lost it or the URLs changed; the clientState is a stored secret, never logged.
 */
import { describe, expect, it } from 'vitest';
import { graphSubscriptions } from '../../functions/graph-subscriptions.js';
import { InvocationContext } from '../../shared/host/azure-functions.js';
import { MAX_USER_SUBSCRIPTION_MINUTES } from '../../shared/graph/index.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { ensureSubscription, handleLifecycle, storedForm } from '../../shared/offboarding/subscriptions.js';
import { useOffboardingWorld } from './support/world.js';

const KEY = 'fnKey_0123456789abcdefghijklmnopqrstuv==';
const BASE = 'https://entra-ops.contoso.com';

describe('Graph subscription upkeep', () => {
  const w = useOffboardingWorld({ PUBLIC_BASE_URL: BASE, GRAPH_WEBHOOK_FUNCTION_KEY: KEY });
  const stored = async () =>
    (await offboardingStorage(w.connectionString()).subscriptions.listPartition('subscriptions')).map((r) => r.value);

  it('creates one users subscription (updated,deleted) with the lifecycle URL and a stored random clientState', async () => {
    for (const s of await stored())
      await offboardingStorage(w.connectionString()).subscriptions.delete('subscriptions', s.id);
    const logs: string[] = [];
    const context = new InvocationContext({
      functionName: 'graphSubscriptions',
      logHandler: (_level, ...args) => {
        logs.push(args.map(String).join(' '));
      },
    });
    const before = Date.now();
    await graphSubscriptions.handler(
      { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } },
      context,
    );

    expect(w.graph.world.subscriptions).toHaveLength(1);
    const sub = w.graph.world.subscriptions[0]!;
    const code = encodeURIComponent(KEY);
    expect(sub).toMatchObject({
      resource: 'users',
      changeType: 'updated,deleted',
      notificationUrl: `${BASE}/api/graph/notifications?code=${code}`,
      lifecycleNotificationUrl: `${BASE}/api/graph/lifecycle?code=${code}`,
    });
    const minutes = (Date.parse(sub.expirationDateTime) - before) / 60_000;
    expect(minutes).toBeLessThanOrEqual(MAX_USER_SUBSCRIPTION_MINUTES);
    expect(minutes).toBeGreaterThan(MAX_USER_SUBSCRIPTION_MINUTES - 60);
    const [row] = await stored();
    expect(row).toMatchObject({ id: sub.id, clientState: sub.clientState });
    // The stored row keeps a fingerprint of the key, never the key itself.
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(KEY);
    expect(row!.notificationUrl).toMatch(new RegExp(`^${BASE}/api/graph/notifications\\?code=sha256-[0-9a-f]{16}$`));
    expect(row!.clientState.length).toBeGreaterThanOrEqual(40);
    expect(logs.join('\n')).toContain(sub.id);
    expect(logs.join('\n')).not.toContain(row!.clientState);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('keeps a healthy subscription, renews one near expiry, recreates one Graph lost', async () => {
    const first = await ensureSubscription(w.ctx());
    expect(['created', 'kept', 'recreated']).toContain(first.action);
    const id = (first as { id: string }).id;
    expect(await ensureSubscription(w.ctx())).toMatchObject({ action: 'kept', id });

    w.graph.world.subscriptions.find((s) => s.id === id)!.expirationDateTime = new Date(
      Date.now() + 2 * 86_400_000,
    ).toISOString();
    const renewed = await ensureSubscription(w.ctx());
    expect(renewed).toMatchObject({ action: 'renewed', id });
    expect(w.graph.calls).toContain(`PATCH /v1.0/subscriptions/${id}`);
    expect(Date.parse((renewed as { expiresAt: string }).expiresAt) - Date.now()).toBeGreaterThan(28 * 86_400_000);

    w.graph.world.subscriptions.length = 0; // Graph lost it
    const recreated = await ensureSubscription(w.ctx());
    expect(recreated.action).toBe('recreated');
    expect((recreated as { id: string }).id).not.toBe(id);
    expect((await stored()).map((s) => s.id)).toEqual([(recreated as { id: string }).id]);
  });

  it('reauthorizationRequired: reauthorizes; when that fails, renews; when Graph lost it, recreates', async () => {
    const { id } = (await ensureSubscription(w.ctx())) as { id: string };
    expect(await handleLifecycle(w.ctx(), 'reauthorizationRequired', id)).toMatchObject({
      subscription: { action: 'reauthorized', id },
    });
    w.graph.world.subscriptions.length = 0;
    const again = await handleLifecycle(w.ctx(), 'reauthorizationRequired', id);
    expect(again.subscription).toMatchObject({ action: 'recreated' });
  });
});

describe('Graph subscription after the webhook key changed', () => {
  const w = useOffboardingWorld({ PUBLIC_BASE_URL: BASE, GRAPH_WEBHOOK_FUNCTION_KEY: `${KEY}-rotated` });
  it('recreates the subscription with the new key (the stored fingerprint no longer matches)', async () => {
    const now = new Date().toISOString();
    const old = {
      id: 'sub-old',
      resource: 'users',
      changeType: 'updated,deleted',
      clientState: `cs-${'x'.repeat(40)}`,
      expirationDateTime: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      notificationUrl: storedForm(`${BASE}/api/graph/notifications?code=${encodeURIComponent(KEY)}`),
      lifecycleNotificationUrl: storedForm(`${BASE}/api/graph/lifecycle?code=${encodeURIComponent(KEY)}`),
      createdAt: now,
      updatedAt: now,
    };
    await offboardingStorage(w.connectionString()).subscriptions.upsert('subscriptions', old.id, old);
    const outcome = await ensureSubscription(w.ctx());
    expect(outcome).toMatchObject({ action: 'recreated' });
    expect(w.graph.world.subscriptions.at(-1)!.notificationUrl).toBe(
      `${BASE}/api/graph/notifications?code=${encodeURIComponent(`${KEY}-rotated`)}`,
    );
  });
});

describe('Graph subscription without a public URL', () => {
  const w = useOffboardingWorld({ PUBLIC_BASE_URL: undefined });
  it('creates nothing and says why', async () => {
    expect(await ensureSubscription(w.ctx())).toEqual({
      action: 'not-configured',
      reason: 'PUBLIC_BASE_URL is not set',
    });
    expect(w.graph.calls).toEqual([]);
  });
});
