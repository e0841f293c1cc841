/**
 * Faults on the offboarding path (issue 7, item 1), on real queues in Azurite with NetBird, Graph
 * and Azure Table Storage failing at the wire: NetBird down for several deliveries, Graph throttling,
 * the host dying between the NetBird block and the case write, and malformed queue messages.
 * Already covered elsewhere, not repeated here:
 * - storage down when a notification arrives → 5xx within Graph's 3 s, so Graph retries:
 *   test/offboarding/webhook.test.ts ("Graph webhook when storage is down");
 * - a valid message failing on every retry → poison queue, case failed, IT alert card, resumable:
 *   test/offboarding/poison.test.ts; one NetBird 500 then success: test/offboarding/processor.test.ts.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import { QueueServiceClient } from '@azure/storage-queue';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { offboardingChecks } from '../../functions/offboarding-checks.js';
import { offboardingChecksPoison } from '../../functions/offboarding-checks-poison.js';
import { startQueuePollers } from '../../local/queues.js';
import { InvocationContext } from '../../shared/host/azure-functions.js';
import { silentLogger } from '../../shared/logger.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { QUEUE_NAMES } from '../../shared/store/queue.js';
import { botConnector, nockBotToken, SERVICE_URL } from '../support/bot-connector.js';
import { nockEntraToken } from '../support/entra.js';
import { TENANT_ID } from '../support/env.js';
import { callHttp } from '../support/http.js';
import { GRAPH, graphFake } from '../offboarding/support/graph-fake.js';
import { netbirdFake } from '../offboarding/support/netbird-fake.js';
import { drainQueues } from '../offboarding/support/queues.js';
import {
  notificationBody,
  scenario,
  storeSubscription,
  useOffboardingWorld,
  type World,
} from '../offboarding/support/world.js';

async function notify(w: World, userId: string): Promise<void> {
  const { id, clientState } = await storeSubscription(w);
  const hook = await callHttp(graphNotifications, {
    method: 'POST',
    body: { string: JSON.stringify(notificationBody(userId, id, clientState)) },
    headers: { 'content-type': 'application/json' },
  });
  expect(hook.status).toBe(202);
}

const blockPuts = (w: World, userId: string) =>
  w.netbird.writes().filter((r) => r.method === 'PUT' && r.path === `/api/users/${encodeURIComponent(userId)}`);

describe('offboarding under faults', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it('NetBird unreachable for several deliveries: the message stays queued, then the case completes with one block', async () => {
    const s = await scenario(w);
    await notify(w, s.leaver.id);
    const checks = offboardingStorage(w.connectionString()).checks;
    // Every NetBird call fails (gateway down) for two whole deliveries, client retries included.
    for (const m of ['GET', 'PUT', 'POST', 'DELETE']) w.netbird.fail(m, /^\/api\//, 503, Infinity);
    for (let delivery = 1; delivery <= 2; delivery++) {
      const r = await deliverOnce(checks);
      expect(r).toMatchObject({ done: 0, failed: [expect.any(Error)] });
      // Nothing lost: the message is still there (invisible until its visibility timeout), the case records the error.
      expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
        open: true,
        lastError: expect.objectContaining({ attempt: delivery, message: expect.stringMatching(/503/) }),
      });
      await visibilityTimeout();
    }
    expect(w.netbird.blockCalls()).toEqual([]);

    w.netbird.clearFailures();
    await drainQueues(w.connectionString());
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({ state: 'awaiting-approval', open: true });
    expect(w.netbird.blockCalls()).toEqual([
      { userId: s.netbirdUserId, body: { role: 'user', auto_groups: ['grp-users', 'grp-eng'], is_blocked: true } },
    ]);
    expect(blockPuts(w, s.netbirdUserId)).toHaveLength(1);
    expect(w.bot.cards()).toHaveLength(1);
    expect(await checks.receive(32, 1)).toEqual([]);
  }, 90_000);

  it('Graph answering 429 with Retry-After to every first call: the case still completes', async () => {
    const s = await scenario(w);
    // nock asks interceptors in the order they were added: the throttle goes first, the fake (re-added
    // behind it) answers once a path has had its 429. The matcher only reads state (nock may call it
    // more than once per request); the reply records the path.
    const throttled: string[] = [];
    // `$batch` too: the whole batch throttled is retried by the SDK like any call (items: batch.ts).
    const first = (uri: string) =>
      (uri.startsWith('/v1.0/users/') || uri.startsWith('/v1.0/$batch')) &&
      !throttled.some((t) => t.endsWith(` ${uri.split('?')[0]}`));
    nock.cleanAll();
    const scope = nock(GRAPH).persist();
    for (const m of ['get', 'post'] as const) {
      scope[m](first)
        .query(true)
        .reply((req: Request) => {
          throttled.push(`${req.method} ${new URL(req.url).pathname}`);
          return [429, { error: { code: 'TooManyRequests', message: 'throttled' } }, { 'Retry-After': '1' }];
        });
    }
    rebuildFakes(w);

    await notify(w, s.leaver.id);
    await drainQueues(w.connectionString());
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
      state: 'awaiting-approval',
      manager: { id: s.manager.id },
    });
    // Most Graph calls were throttled once, and each was retried to success.
    expect(throttled.length).toBeGreaterThanOrEqual(3);
    for (const t of throttled) expect(w.graph.calls).toContain(t);
    expect(w.netbird.blockCalls()).toHaveLength(1);
  }, 90_000);

  it('the process dies between "block sent" and "case saved": redelivery resumes without a second block or a lost step', async () => {
    const s = await scenario(w);
    await notify(w, s.leaver.id);
    const checks = offboardingStorage(w.connectionString()).checks;
    // Once NetBird has accepted the block, every write to the cases table fails (the host crashed).
    const tableOrigin = /TableEndpoint=(http:\/\/[^/;]+)/.exec(w.connectionString())![1]!;
    let dead = true;
    let crashed = 0;
    const dying = (uri: string) => dead && w.netbird.blockCalls().length > 0 && uri.includes('OffboardingCases(');
    const storage = nock(tableOrigin, { allowUnmocked: true }).persist();
    for (const m of ['put', 'merge', 'patch'] as const)
      storage.intercept(dying, m.toUpperCase()).reply(() => {
        crashed++;
        return [503, 'host died'];
      });

    const r = await deliverOnce(checks);
    expect(r.failed).toHaveLength(1);
    expect(crashed).toBeGreaterThan(0);
    expect(w.netbird.blockCalls()).toHaveLength(1);
    // The saved case never heard of the block.
    const before = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(before).toMatchObject({ state: 'detected', open: true });

    // The host restarts: storage is back, the same message comes again.
    dead = false;
    await visibilityTimeout();
    await drainQueues(w.connectionString());
    const after = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(after).toMatchObject({ state: 'awaiting-approval', open: true });
    expect(after.lease).toBeUndefined();
    expect(w.netbird.blockCalls()).toHaveLength(1);
    // No step lost: the laptop is quarantined and the manager got the card.
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
    expect(w.bot.cards()).toHaveLength(1);
    const trail = await w.ctx().storage.audit.listByCorrelation(after.id);
    expect(trail.map((e) => e.action)).toContain('teams.approval-sent');
  }, 90_000);

  it('a malformed queue message ends in the poison queue without stopping the processor; IT is alerted', async () => {
    const s = await scenario(w);
    const queue = QueueServiceClient.fromConnectionString(w.connectionString()).getQueueClient(
      QUEUE_NAMES.graphNotifications,
    );
    await queue.createIfNotExists();
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    await queue.sendMessage(b64('{"kind":"check","userId":42,"changeType":"exploded"}'));
    await queue.sendMessage(b64('not json at all {'));
    await notify(w, s.leaver.id); // a good message behind the bad ones

    const pollers = startQueuePollers(
      [offboardingChecks, offboardingChecksPoison],
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
    const alerts = () => w.bot.activities.filter((a) => JSON.stringify(a.activity).includes('Offboarding failed'));
    try {
      const end = Date.now() + 30_000;
      while (alerts().length < 2 || (await loadCase(w.ctx(), s.leaver.id))?.state !== 'awaiting-approval') {
        if (Date.now() > end) throw new Error(`timed out: ${alerts().length} alerts`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await pollers.stop();
    }
    // Both bad messages were alerted as unreadable; the good one was processed as usual, once.
    expect(alerts()).toHaveLength(2);
    for (const a of alerts()) {
      expect(a.conversationId).toBe('19:it-ops-channel@thread.tacv2');
      expect(JSON.stringify(a.activity)).toContain('not valid');
    }
    expect(w.netbird.blockCalls()).toHaveLength(1);
    const left = await queue.peekMessages({ numberOfMessages: 32 });
    expect(left.peekedMessageItems).toEqual([]);
  }, 60_000);
});

/** One delivery as the host does it, with a 1 s visibility timeout so a failed message comes back soon. */
async function deliverOnce(
  queue: ReturnType<typeof offboardingStorage>['checks'],
): Promise<{ done: number; failed: unknown[] }> {
  const failed: unknown[] = [];
  let done = 0;
  for (const m of await queue.receive(32, 1)) {
    const context = new InvocationContext({
      functionName: offboardingChecks.name,
      triggerMetadata: { id: m.messageId, dequeueCount: m.dequeueCount, popReceipt: m.popReceipt },
      logHandler: () => undefined,
    });
    try {
      await offboardingChecks.handler(JSON.parse(m.text) as unknown, context);
      await queue.delete(m);
      done++;
    } catch (err) {
      failed.push(err);
    }
  }
  return { done, failed };
}

/** The failed message becomes visible again after its visibility timeout. */
const visibilityTimeout = () => new Promise((r) => setTimeout(r, 1_200));

/** Starts the fakes again so an interceptor added in the test is asked before them. */
function rebuildFakes(w: World): void {
  nockEntraToken(TENANT_ID);
  nockBotToken();
  w.bot = botConnector(SERVICE_URL);
  w.netbird.recorder.dispose();
  w.netbird = netbirdFake(w.netbird.world);
  w.graph = graphFake(w.graph.world);
}
