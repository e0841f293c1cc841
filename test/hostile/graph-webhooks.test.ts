/**
 * Hostile and bad input on POST /api/graph/notifications and /api/graph/lifecycle (issue 7, item 2):
 * whatever arrives, the answer is 202 (accepted or silently dropped), 400 (a clear error) or 5xx
 * (storage down, so Graph retries), never a crash; and nothing reaches the queue unless it carries
 * a stored subscription's clientState. The happy path, the handshake and a plain wrong clientState
 * are in test/offboarding/webhook.test.ts.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphLifecycle } from '../../functions/graph-lifecycle.js';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { callHttp } from '../support/http.js';
import { TENANT_ID } from '../support/env.js';
import {
  expectNoNetbirdWrites,
  notificationBody,
  storeSubscription,
  useOffboardingWorld,
  type World,
} from '../offboarding/support/world.js';

type Fn = typeof graphNotifications;
const post = (fn: Fn, body: string) =>
  callHttp(fn, {
    method: 'POST',
    url: `http://localhost:7071/api/${fn.route}`,
    body: { string: body },
    headers: { 'content-type': 'application/json' },
  });

async function expectNothingQueued(w: World): Promise<void> {
  const storage = offboardingStorage(w.connectionString());
  expect(await storage.checks.receive(32, 1)).toEqual([]);
  expect(await storage.work.receive(32, 1)).toEqual([]);
  expectNoNetbirdWrites(w);
}

const errorOf = (res: { json: unknown }) => (res.json as { error: { message: string } }).error.message;

describe('Graph webhooks under hostile input', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it.each([
    ['notifications', graphNotifications],
    ['lifecycle', graphLifecycle],
  ] as const)(
    '%s: malformed JSON, wrong types and oversized bodies get 400 with a clear message',
    async (_name, fn) => {
      const cases: [string, RegExp][] = [
        ['{"value": [', /not valid JSON/],
        ['', /not valid JSON/],
        ['[]', /value/],
        ['{"value": "Users/1"}', /value/],
        ['{"value": {"0": {}}}', /value/],
        ['null', /value/],
        ['"just a string"', /value/],
        ['{"value": [{"subscriptionId": 5, "changeType": ["updated"], "lifecycleEvent": {}}]}', /expected shape/],
        [JSON.stringify({ value: Array.from({ length: 1_001 }, () => ({})) }), /value|1000/],
        [`{"value": [], "pad": "${'x'.repeat(1_100_000)}"}`, /too large/],
      ];
      for (const [body, message] of cases) {
        const res = await post(fn, body);
        expect({ body: body.slice(0, 60), status: res.status }).toEqual({ body: body.slice(0, 60), status: 400 });
        expect(errorOf(res)).toMatch(message);
      }
      await expectNothingQueued(w);
    },
  );

  it('forged clientState in every shape is dropped: 202, nothing queued, the stored secret not echoed', async () => {
    const { id, clientState } = await storeSubscription(w);
    const user = randomUUID();
    const item = notificationBody(user, id, clientState).value[0]!;
    const forgeries: unknown[] = [
      clientState.toUpperCase(),
      clientState.slice(0, -1),
      `${clientState} `,
      ` ${clientState}`,
      `${clientState}\u0000`,
      '',
      null,
      'x'.repeat(512),
      '*',
      '.*',
      `' or 1 eq 1 or '`,
    ];
    for (const forged of forgeries) {
      const res = await post(graphNotifications, JSON.stringify({ value: [{ ...item, clientState: forged }] }));
      expect({ forged, status: res.status, text: res.text }).toEqual({ forged, status: 202, text: '' });
    }
    // Wrong types for clientState are invalid items: the batch is refused with 400.
    for (const forged of [42, { $ne: '' }, [clientState], true]) {
      const res = await post(graphNotifications, JSON.stringify({ value: [{ ...item, clientState: forged }] }));
      expect(res.status).toBe(400);
      expect(res.text).not.toContain(clientState);
    }
    // Lifecycle events with a forged clientState do nothing either (no Graph call to reauthorize).
    const before = w.graph.calls.length;
    const life = await post(
      graphLifecycle,
      JSON.stringify({
        value: [
          {
            lifecycleEvent: 'subscriptionRemoved',
            subscriptionId: id,
            clientState: clientState.slice(1),
            tenantId: TENANT_ID,
          },
        ],
      }),
    );
    expect(life.status).toBe(202);
    expect(w.graph.calls.slice(before)).toEqual([]);
    await expectNothingQueued(w);
  });

  it('arbitrary JSON bodies never crash either webhook: 202 or 400, and nothing is queued (property)', async () => {
    const { id } = await storeSubscription(w);
    const item = fc.record(
      {
        subscriptionId: fc.oneof(fc.constant(id), fc.string(), fc.integer()),
        changeType: fc.oneof(fc.constantFrom('updated', 'deleted', 'created'), fc.string(), fc.constant(null)),
        clientState: fc.oneof(fc.string({ maxLength: 600 }), fc.constant(null), fc.jsonValue()),
        lifecycleEvent: fc.oneof(
          fc.constantFrom('reauthorizationRequired', 'subscriptionRemoved', 'missed'),
          fc.string(),
        ),
        resource: fc.oneof(
          fc.string().map((s) => `Users/${s}`),
          fc.jsonValue(),
        ),
        resourceData: fc.oneof(fc.record({ id: fc.oneof(fc.uuid(), fc.string(), fc.integer()) }), fc.jsonValue()),
        tenantId: fc.oneof(fc.constant(TENANT_ID), fc.uuid(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.array(fc.oneof(item, fc.jsonValue()), { maxLength: 5 }).map((value) => JSON.stringify({ value })),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, lifecycle) => {
        const res = await post(lifecycle ? graphLifecycle : graphNotifications, text);
        expect([202, 400]).toContain(res.status);
        if (res.status === 400) expect(errorOf(res)).toMatch(/\w/);
      }),
      { numRuns: 150 },
    );
    await expectNothingQueued(w);
    expect(w.graph.calls).toEqual([]);
  }, 120_000);
});
