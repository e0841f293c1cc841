/**
 * Offboarding's two latency promises, measured with the real code paths on a real Azurite:
 *
 * 1. Notification to NetBird block: a Graph notification is POSTed to the webhook function, queued,
 *    picked up by the local host's queue poller with the host.json settings (so the trigger's
 *    polling back-off is counted, as in Azure), and processed until the fake NetBird receives the
 *    `PUT /api/users/{id}` with `is_blocked: true`. NetBird and Graph answer every call after
 *    50 ms (nock with async replies). Notifications arrive one at a time with quiet gaps, so the
 *    poller has backed off as it would between real leavers.
 * 2. Webhook under a burst: 1,000 notifications (one user each) POSTed over loopback HTTP to the
 *    local host's server, 50 in flight at a time, as Graph fans out deliveries; then every queued
 *    message is read back to prove none was lost.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { graphNotifications } from '../functions/graph-notifications.js';
import { offboardingChecks } from '../functions/offboarding-checks.js';
import { offboardingChecksPoison } from '../functions/offboarding-checks-poison.js';
import { offboardingWork } from '../functions/offboarding-work.js';
import { offboardingWorkPoison } from '../functions/offboarding-work-poison.js';
import { startAzurite } from '../local/azurite.js';
import { readHostSettings } from '../local/host-settings.js';
import { createLocalHttpServer } from '../local/http-server.js';
import { startQueuePollers } from '../local/queues.js';
import { HttpRequest, InvocationContext } from '../shared/host/azure-functions.js';
import type { QueueFunction } from '../shared/host/registry.js';
import { silentLogger } from '../shared/logger.js';
import { offboardingStorage, type OffboardingStorage } from '../shared/offboarding/storage.js';
import { resetServices } from '../functions/root/services.js';
import { botConnector, nockBotToken, SERVICE_URL } from '../test/support/bot-connector.js';
import { AUTHORITY, nockEntraToken } from '../test/support/entra.js';
import { TENANT_ID, TEST_SECRETS, validEnv } from '../test/support/env.js';
import { graphFake } from '../test/offboarding/support/graph-fake.js';
import { netbirdFake } from '../test/offboarding/support/netbird-fake.js';
import { addScenario, notificationBody } from '../test/offboarding/support/scenario.js';
import type { Bench } from './run.js';
import { ms, percentile, sleep, storeSubscription } from './support.js';
import { loopbackOnly } from './loopback-only.js';

const LATENCY_MS = 50;
const SAMPLES = 40;
const BURST = 1_000;
/** Deliveries in flight at once: a moderate and a heavy fan-out. */
const IN_FLIGHT = [10, 50];

/** POSTs BURST notifications (one user each) with `inFlight` at a time, then reads the queue back. */
async function burst(
  url: string,
  inFlight: number,
  subscriptionId: string,
  clientState: string,
  storage: OffboardingStorage,
) {
  const users = Array.from({ length: BURST }, () => randomUUID());
  const times: number[] = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < users.length) {
        const user = users[next++]!;
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-functions-key': TEST_SECRETS.GRAPH_WEBHOOK_FUNCTION_KEY },
          body: JSON.stringify(notificationBody(user, subscriptionId, clientState)),
        });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        if (res.status === 202) accepted++;
      }
    }),
  );
  const rate = BURST / ((performance.now() - started) / 1000);
  const queued = new Set<string>();
  for (;;) {
    const got = await storage.checks.receive(32, 60);
    if (got.length === 0) break;
    for (const m of got) {
      if (m.ok) queued.add(m.body.userId);
      await storage.checks.delete(m);
    }
  }
  const found = users.filter((u) => queued.has(u)).length;
  return { times, accepted, rate, queued: found, lost: BURST - found };
}

const bench: Bench = async () => {
  loopbackOnly();
  const azurite = await startAzurite();
  const saved = { ...process.env };
  try {
    Object.assign(
      process.env,
      validEnv({
        AzureWebJobsStorage: azurite.connectionString,
        GRAPH_AUTHORITY_HOST: AUTHORITY,
        TEAMS_SERVICE_URL: SERVICE_URL,
        BLAST_RADIUS_MAX_USERS: '100000',
        BLAST_RADIUS_MAX_SHARE: '1',
        LOG_LEVEL: 'error',
      }),
    );
    resetServices();
    nockEntraToken(TENANT_ID);
    nockBotToken();
    botConnector(SERVICE_URL);
    const blockedAt = new Map<string, number>();
    const netbird = netbirdFake(
      { users: [], peers: [], groups: [], policies: [] },
      {
        latencyMs: LATENCY_MS,
        onBlock: (id, blocked) => {
          if (blocked) blockedAt.set(id, performance.now());
        },
      },
    );
    const graph = graphFake({ users: [], approvers: [], subscriptions: [] }, { latencyMs: LATENCY_MS });
    const storage = offboardingStorage(azurite.connectionString);
    const { subscriptionId, clientState } = await storeSubscription(storage);

    // 1. Notification → block, through the queue poller with the host.json settings.
    const host = readHostSettings(new URL('../host.json', import.meta.url));
    // The same handler, noting when the trigger picked each message up (polling delay vs processing).
    const pickedUp = new Map<string, number>();
    const checks: QueueFunction = {
      ...offboardingChecks,
      handler: (message, context) => {
        const userId = (message as { userId?: string }).userId;
        if (userId && !pickedUp.has(userId)) pickedUp.set(userId, performance.now());
        return offboardingChecks.handler(message, context);
      },
    };
    const pollers = startQueuePollers(
      [checks, offboardingWork, offboardingChecksPoison, offboardingWorkPoison],
      azurite.connectionString,
      host.queues,
      silentLogger,
    );
    const latencies: number[] = [];
    const processing: number[] = [];
    for (let i = 0; i <= SAMPLES; i++) {
      const s = await addScenario(netbird, graph, azurite.connectionString);
      const started = performance.now();
      const request = new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/graph/notifications',
        headers: { 'x-functions-key': TEST_SECRETS.GRAPH_WEBHOOK_FUNCTION_KEY },
        body: { string: JSON.stringify(notificationBody(s.leaver.id, subscriptionId, clientState)) },
      });
      await graphNotifications.handler(
        request,
        new InvocationContext({ functionName: 'graphNotifications', logHandler: () => undefined }),
      );
      while (!blockedAt.has(s.netbirdUserId)) {
        if (performance.now() - started > 30_000) throw new Error('no block within 30 s');
        await sleep(5);
      }
      if (i > 0) {
        // the first run warms up (token, tables)
        latencies.push(blockedAt.get(s.netbirdUserId)! - started);
        processing.push(blockedAt.get(s.netbirdUserId)! - pickedUp.get(s.leaver.id)!);
      }
      await sleep(300 + Math.random() * 2_000);
    }
    await pollers.stop();

    // 2. The webhook under a burst of 1,000 notifications, over loopback HTTP. The webhook talks to
    // storage only, so nock's interception (which every loopback request would pass through) is off.
    nock.restore();
    const server = createLocalHttpServer({
      functions: [graphNotifications],
      routePrefix: host.routePrefix,
      logger: silentLogger,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graph/notifications`;
    const bursts = [];
    for (const inFlight of IN_FLIGHT)
      bursts.push({ inFlight, ...(await burst(url, inFlight, subscriptionId, clientState, storage)) });
    await new Promise<void>((r) => server.close(() => r()));

    return {
      name: 'offboarding',
      figures: [
        {
          figure: `notification → NetBird block p50 (fakes at ${LATENCY_MS} ms, ${SAMPLES} runs)`,
          value: ms(percentile(latencies, 50)),
        },
        {
          figure: `notification → NetBird block p95 (fakes at ${LATENCY_MS} ms)`,
          value: ms(percentile(latencies, 95)),
          target: '< 2000 ms',
        },
        {
          figure: 'of which after the trigger picked it up, p50 / p95',
          value: `${ms(percentile(processing, 50))} / ${ms(percentile(processing, 95))}`,
        },
        ...bursts.flatMap((b) => [
          {
            figure: `webhook response p50 (burst of ${BURST}, ${b.inFlight} in flight)`,
            value: ms(percentile(b.times, 50)),
          },
          {
            figure: `webhook response p99 (burst of ${BURST}, ${b.inFlight} in flight)`,
            value: ms(percentile(b.times, 99)),
            target: '< 100 ms',
          },
          { figure: `burst throughput (${b.inFlight} in flight)`, value: `${b.rate.toFixed(0)} notifications/s` },
          {
            figure: `burst: answered 202 / queued / lost (${b.inFlight} in flight)`,
            value: `${b.accepted} / ${b.queued} / ${b.lost}`,
            target: `${BURST} / ${BURST} / 0`,
          },
        ]),
      ],
    };
  } finally {
    process.env = saved;
    resetServices();
    nock.cleanAll();
    await azurite.stop();
  }
};

export default bench;
