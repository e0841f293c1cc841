/**
 * POST /api/graph/notifications and /api/graph/lifecycle, called through their registered
 * functions with real HttpRequests: the handshake, clientState checks, validation, persisting to
 * the queue (Azurite), and the answer when storage is down.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphLifecycle } from '../../functions/graph-lifecycle.js';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { azuriteConnectionString } from '../../local/azurite.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import type { TypedQueue } from '../../shared/store/queue.js';
import { callHttp } from '../support/http.js';
import { TENANT_ID } from '../support/env.js';
import { drainQueues } from './support/queues.js';
import { notificationBody, scenario, storeSubscription, useOffboardingWorld } from './support/world.js';

const sample = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../shared/graph/samples/${name}`, import.meta.url), 'utf8')) as {
    value: Record<string, unknown>[];
  };

async function takeAll<T>(queue: TypedQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const got = await queue.receive(32, 5);
    if (got.length === 0) return out;
    for (const m of got) {
      if (m.ok) out.push(m.body);
      await queue.delete(m);
    }
  }
}

const post = (fn: typeof graphNotifications, body: unknown, query = '') =>
  callHttp(fn, {
    method: 'POST',
    url: `http://localhost:7071/api/${fn.route}${query}`,
    body: { string: typeof body === 'string' ? body : JSON.stringify(body) },
    headers: { 'content-type': 'application/json' },
  });

describe('Graph webhooks', () => {
  const w = useOffboardingWorld();
  const storage = () => offboardingStorage(w.connectionString());

  it.each([
    ['notifications', graphNotifications],
    ['lifecycle', graphLifecycle],
  ] as const)('answers the validation handshake on %s: 200 text/plain with the decoded token', async (_name, fn) => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 9b3a-4f1c';
    const started = performance.now();
    const res = await callHttp(fn, {
      method: 'POST',
      url: `http://localhost:7071/api/${fn.route}?validationToken=${encodeURIComponent(token)}`,
      body: { string: '' },
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe(token);
  });

  it('persists a valid notification (the Graph sample, with our ids) and answers 202', async () => {
    const { id, clientState } = await storeSubscription(w);
    const userId = randomUUID();
    const body = sample('change-notification-user-updated.json');
    const item = {
      ...body.value[0]!,
      clientState,
      subscriptionId: id,
      tenantId: TENANT_ID,
      resource: `Users/${userId}`,
      resourceData: { ...(body.value[0]!.resourceData as object), id: userId, '@odata.id': `Users/${userId}` },
    };
    const res = await post(graphNotifications, { value: [item] });
    expect(res.status).toBe(202);
    expect(await takeAll(storage().checks)).toEqual([
      expect.objectContaining({
        kind: 'check',
        userId,
        changeType: 'updated',
        source: 'notification',
        subscriptionId: id,
      }),
    ]);
  });

  it('drops a wrong clientState silently: 202 and nothing queued', async () => {
    const { id, clientState } = await storeSubscription(w);
    const user = randomUUID();
    const res = await post(graphNotifications, notificationBody(user, id, `${clientState}x`));
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(
      await post(graphNotifications, notificationBody(user, randomUUID(), clientState)).then((r) => r.status),
    ).toBe(202);
    expect(
      await post(graphNotifications, {
        value: [{ ...notificationBody(user, id, clientState).value[0], clientState: undefined }],
      }).then((r) => r.status),
    ).toBe(202);
    expect(
      await post(graphNotifications, {
        value: [{ ...notificationBody(user, id, clientState).value[0], tenantId: randomUUID() }],
      }).then((r) => r.status),
    ).toBe(202);
    expect(await takeAll(storage().checks)).toEqual([]);
  });

  it('keeps only the matching items of a mixed batch', async () => {
    const { id, clientState } = await storeSubscription(w);
    const [a, b] = [randomUUID(), randomUUID()];
    const res = await post(graphNotifications, {
      value: [
        notificationBody(a, id, clientState).value[0],
        notificationBody(b, id, 'forged').value[0],
        { nonsense: true },
      ],
    });
    expect(res.status).toBe(202);
    expect((await takeAll(storage().checks)).map((m) => m.userId)).toEqual([a]);
  });

  it.each([
    ['malformed JSON', '{"value": [', 'Body is not valid JSON'],
    ['not an object', '[1,2,3]', 'Body must be'],
    ['value not a list', '{"value": "x"}', 'Body must be'],
    [
      'items of the wrong shape',
      '{"value": [{"changeType": 1}]}',
      'No notification in the body has the expected shape',
    ],
  ])('answers 400 with a short reason for %s, and queues nothing', async (_what, body, reason) => {
    for (const fn of [graphNotifications, graphLifecycle]) {
      const res = await post(fn, body);
      expect(res.status).toBe(400);
      expect((res.json as { error: { message: string } }).error.message).toContain(
        fn === graphLifecycle && reason.startsWith('No notification') ? 'No lifecycle notification' : reason,
      );
    }
    expect(await takeAll(storage().checks)).toEqual([]);
    expect(await takeAll(storage().work)).toEqual([]);
  });

  it('reauthorizationRequired: 202, then the subscription is reauthorized', async () => {
    const { id, clientState } = await storeSubscription(w);
    w.graph.world.subscriptions.push({
      id,
      resource: 'users',
      changeType: 'updated,deleted',
      notificationUrl: 'x',
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const body = sample('lifecycle-reauthorization-required.json');
    const res = await post(graphLifecycle, {
      value: [{ ...body.value[0], subscriptionId: id, clientState, tenantId: TENANT_ID }],
    });
    expect(res.status).toBe(202);
    await drainQueues(w.connectionString());
    expect(w.graph.calls).toContain(`POST /v1.0/subscriptions/${id}/reauthorize`);
    const trail = await w.ctx().storage.audit.listByCorrelation('graph-subscriptions');
    expect(trail.map((e) => e.action)).toContain('subscription.reauthorized');
  });

  it('drops lifecycle events with a wrong clientState or an unknown event', async () => {
    const { id, clientState } = await storeSubscription(w);
    const res = await post(graphLifecycle, {
      value: [
        { lifecycleEvent: 'reauthorizationRequired', subscriptionId: id, clientState: 'forged', tenantId: TENANT_ID },
        { lifecycleEvent: 'somethingNew', subscriptionId: id, clientState, tenantId: TENANT_ID },
      ],
    });
    expect(res.status).toBe(202);
    expect(await takeAll(storage().work)).toEqual([]);
  });

  it('the same notification delivered twice: two messages, one case, one block call', async () => {
    const s = await scenario(w);
    const { id, clientState } = await storeSubscription(w);
    const body = notificationBody(s.leaver.id, id, clientState);
    expect((await post(graphNotifications, body)).status).toBe(202);
    expect((await post(graphNotifications, body)).status).toBe(202);
    expect(await drainQueues(w.connectionString())).toBe(2);
    expect(w.netbird.blockCalls()).toHaveLength(1);
    expect(w.bot.activities).toHaveLength(1);
  });

  it('never logs or stores the clientState in a queue message', async () => {
    const { id, clientState } = await storeSubscription(w);
    await post(graphNotifications, notificationBody(randomUUID(), id, clientState));
    const got = await storage().checks.receive(32, 5);
    expect(got.map((m) => m.text).join('')).not.toContain(clientState);
    for (const m of got) await storage().checks.delete(m);
  });
});

describe('Graph webhook when storage is down', () => {
  useOffboardingWorld({ AzureWebJobsStorage: azuriteConnectionString({ blob: 9, queue: 9, table: 9 }) });

  it("answers 5xx (so Graph retries) within Graph's 3 s", async () => {
    const started = performance.now();
    const res = await post(graphNotifications, notificationBody(randomUUID(), randomUUID(), 'cs'));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(503);
  });
});
