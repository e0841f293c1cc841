/**
 * A burst of disable notifications processed end to end, at scale, with the real functions:
 * BURST users (default 1,000; BENCH_BURST) are disabled in the demo Graph simulator (10,000 users,
 * 20,000 peers), one Graph notification each is POSTed to the webhook over loopback HTTP (the
 * local host's server, 50 in flight), and the local host's queue pollers (host.json settings) run
 * the checks and the work until every user is blocked in the NetBird simulator.
 *
 * Checked, not just timed: every user gets a case, every NetBird user is blocked exactly once
 * (PUTs counted at the wire), and the NetBird writes never exceed NETBIRD_WRITES_PER_SECOND
 * (BENCH_NETBIRD_WPS, default 50) in any one-second window. Also counted: messages that failed
 * and went back on the queue (none is expected: a retry costs visibilityTimeout, 30 s), and how
 * often the big NetBird lists were read (shared between cases, shared/netbird/shared-reads.ts).
 * The blast-radius guard is raised (BLAST_RADIUS_MAX_USERS/SHARE) or it would rightly hold the
 * burst for IT. Teams posts go to a loopback Bot Connector that answers 200.
 *
 * Everything runs in this one process on this machine's cores: the app, both simulators (which
 * serialise 20,000 peers per list read) and the load generator; Azurite is a child process.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { graphNotifications } from '../functions/graph-notifications.js';
import { offboardingChecks } from '../functions/offboarding-checks.js';
import { offboardingChecksPoison } from '../functions/offboarding-checks-poison.js';
import { offboardingWork } from '../functions/offboarding-work.js';
import { offboardingWorkPoison } from '../functions/offboarding-work-poison.js';
import { startAzurite } from '../local/azurite.js';
import { startDemoWorld } from '../local/demo/world.js';
import { readHostSettings } from '../local/host-settings.js';
import { createLocalHttpServer } from '../local/http-server.js';
import { startQueuePollers } from '../local/queues.js';
import { createLogger, silentLogger } from '../shared/logger.js';
import { decodeDexUserId } from '../shared/netbird/ids.js';
import { CASE_PARTITION, offboardingStorage } from '../shared/offboarding/storage.js';
import { declareLoopbackHost } from '../shared/host/runtime.js';
import { resetServices } from '../functions/root/services.js';
import type { Bench } from './run.js';
import { ms, percentile, sleep, storeSubscription } from './support.js';

const LISTS = ['/api/users', '/api/peers', '/api/policies'];
const BURST = Number(process.env.BENCH_BURST ?? 1_000);
const WPS = Number(process.env.BENCH_NETBIRD_WPS ?? 50);
const IN_FLIGHT = 50;
const TIMEOUT_MS = Number(process.env.BENCH_BURST_TIMEOUT_MS ?? 300_000);

/** Loopback Bot Connector: every call answers 200 with an activity id. */
async function fakeConnector(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ id: randomUUID() })); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** One run only: at this scale a run takes minutes (bench/run.ts honours a bench's `runs`). */
export const runs = 1;

const bench: Bench = async () => {
  const azurite = await startAzurite();
  const world = await startDemoWorld({ users: 10_000, peers: 20_000, graphPageSize: 999 });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), world.caCert]);
  const connector = await fakeConnector();
  const saved = { ...process.env };
  const originalFetch = globalThis.fetch;
  const writes: number[] = [];
  const blockPuts = new Map<string, number>();
  const blockedAt = new Map<string, number>();
  const failedPuts: number[] = [];
  const retried: string[] = [];
  const listReads = new Map<string, number>();
  let pollers: { stop(): Promise<void> } | undefined;
  let server: Server | undefined;
  try {
    Object.assign(process.env, world.env, {
      AzureWebJobsStorage: azurite.connectionString, LOG_LEVEL: 'error', TEAMS_SERVICE_URL: connector.url,
      BLAST_RADIUS_MAX_USERS: '100000', BLAST_RADIUS_MAX_SHARE: '1', NETBIRD_WRITES_PER_SECOND: String(WPS),
    });
    delete process.env.MicrosoftAppId;
    declareLoopbackHost('127.0.0.1'); // a loopback-only run, like the demo: no bot app id needed
    resetServices();
    // NetBird writes at the wire: when, and which user PUTs blocked.
    globalThis.fetch = async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      if (req.url.startsWith(world.netbird.url) && req.method === 'GET') {
        const path = new URL(req.url).pathname;
        if (LISTS.includes(path)) listReads.set(path, (listReads.get(path) ?? 0) + 1);
      }
      if (!req.url.startsWith(world.netbird.url) || req.method === 'GET') return originalFetch(req);
      writes.push(performance.now());
      const m = /\/api\/users\/([^/?]+)$/.exec(new URL(req.url).pathname);
      const blocking = m && req.method === 'PUT' && ((await req.clone().json()) as { is_blocked?: boolean }).is_blocked === true;
      const res = await originalFetch(req);
      if (blocking) {
        const id = decodeURIComponent(m[1]!);
        if (!res.ok) failedPuts.push(res.status);
        else {
          blockPuts.set(id, (blockPuts.get(id) ?? 0) + 1);
          if (!blockedAt.has(id)) blockedAt.set(id, performance.now());
        }
      }
      return res;
    };

    // Leavers: enabled Entra users with a NetBird user (embedded-IdP id, role user: NetBird refuses to
    // block an owner or admin with 403), not the demo's named people.
    const named = new Set(Object.values(world.people).map((p) => p.id));
    const nbByOid = new Map<string, string>();
    for (const u of world.netbird.state.users.values()) {
      const subject = decodeDexUserId(u.id);
      if (subject && !u.is_blocked && !u.is_service_user && u.role === 'user') nbByOid.set(subject.userId, u.id);
    }
    const leavers = [...world.graph.state.users.values()].filter((u) => u.accountEnabled && !named.has(u.id) && nbByOid.has(u.id)).slice(0, BURST);
    if (leavers.length < BURST) throw new Error(`only ${leavers.length} users with a NetBird account`);
    for (const u of leavers) await world.controls.disableUser(u.id);

    const storage = offboardingStorage(azurite.connectionString);
    const { subscriptionId, clientState } = await storeSubscription(storage);
    const host = readHostSettings(new URL('../host.json', import.meta.url));
    // A message that failed and went back on the queue: none is expected without faults.
    const queueLogger = createLogger((level, message, fields) => {
      if (message === 'queue function failed') retried.push(String((fields.error as { message?: string } | undefined)?.message ?? fields.error).slice(0, 120));
    });
    pollers = startQueuePollers([offboardingChecks, offboardingWork, offboardingChecksPoison, offboardingWorkPoison], azurite.connectionString, host.queues, queueLogger);
    server = createLocalHttpServer({ functions: [graphNotifications], routePrefix: host.routePrefix, logger: silentLogger });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graph/notifications`;
    const tenantId = world.env.ENTRA_TENANT_ID!;

    const sentAt = new Map<string, number>();
    const webhookTimes: number[] = [];
    let accepted = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < leavers.length) {
        const u = leavers[next++]!;
        const body = { value: [{
          changeType: 'updated', clientState, subscriptionId, tenantId, resource: `Users/${u.id}`,
          resourceData: { '@odata.type': '#Microsoft.Graph.User', '@odata.id': `Users/${u.id}`, id: u.id, organizationId: tenantId },
          subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
        }] };
        const t0 = performance.now();
        sentAt.set(u.id, t0);
        const res = await originalFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        webhookTimes.push(performance.now() - t0);
        if (res.status === 202) accepted++;
      }
    }));
    const expected = leavers.map((u) => nbByOid.get(u.id)!);
    while (expected.some((id) => !blockedAt.has(id))) {
      if (performance.now() - started > TIMEOUT_MS) break;
      await sleep(50);
    }
    const allBlockedMs = performance.now() - started;
    await sleep(1_000); // anything done twice would show now
    await pollers.stop();
    pollers = undefined;

    const cases = new Set((await storage.cases.listPartition(CASE_PARTITION)).map((r) => r.value.userId.toLowerCase()));
    const opened = leavers.filter((u) => cases.has(u.id.toLowerCase())).length;
    const blocked = expected.filter((id) => blockedAt.has(id)).length;
    const twice = expected.filter((id) => (blockPuts.get(id) ?? 0) > 1).length;
    const inSim = expected.filter((id) => world.netbird.state.users.get(id)?.is_blocked).length;
    const toBlock = leavers.filter((u) => blockedAt.has(nbByOid.get(u.id)!)).map((u) => blockedAt.get(nbByOid.get(u.id)!)! - sentAt.get(u.id)!);
    let peak = 0;
    for (let i = 0, j = 0; i < writes.length; i++) {
      while (writes[i]! - writes[j]! >= 1_000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    const span = writes.length > 1 ? (writes[writes.length - 1]! - writes[0]!) / 1000 : 0;
    return {
      name: `burst of ${BURST}`,
      figures: [
        { figure: `${BURST} disables: webhook p99 (${IN_FLIGHT} in flight, while processing)`, value: ms(percentile(webhookTimes, 99)), target: '< 1000 ms' },
        { figure: `${BURST} disables: notification → block p50 / p95`, value: `${ms(percentile(toBlock, 50))} / ${ms(percentile(toBlock, 95))}` },
        { figure: `${BURST} disables: first notification → last block`, value: ms(allBlockedMs), target: `≥ ${ms((BURST / WPS) * 1000)} (rate floor)` },
        // "blocked twice": two successful block PUTs for one user (a retried PUT that failed is not counted).
        { figure: `${BURST} disables: accepted / cases opened / blocked / blocked in NetBird / blocked twice`, value: `${accepted} / ${opened} / ${blocked} / ${inSim} / ${twice}`, target: `${BURST} / ${BURST} / ${BURST} / ${BURST} / 0` },
        { figure: `${BURST} disables: block PUTs NetBird refused (statuses)`, value: `${failedPuts.length}${failedPuts.length ? ` (${[...new Set(failedPuts)].join(', ')})` : ''}`, target: '0' },
        { figure: `${BURST} disables: messages that failed and were retried`, value: `${retried.length}${retried.length ? ` (${[...new Set(retried)].slice(0, 3).join('; ')})` : ''}`, target: '0' },
        { figure: `${BURST} disables: NetBird list reads (users / peers / policies)`, value: LISTS.map((p) => listReads.get(p) ?? 0).join(' / '), target: `< ${BURST} each (lists shared)` },
        { figure: `${BURST} disables: NetBird writes, peak in any 1 s / mean rate`, value: `${peak} / ${span ? (writes.length / span).toFixed(1) : '0'} per s (${writes.length} writes)`, target: `≤ ${WPS} per s` },
      ],
    };
  } finally {
    globalThis.fetch = originalFetch;
    await pollers?.stop();
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    await new Promise<void>((r) => connector.server.close(() => r()));
    process.env = saved;
    resetServices();
    await world.stop();
    await azurite.stop();
  }
};

export default bench;
