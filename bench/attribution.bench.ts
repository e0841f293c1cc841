/**
 * Device attribution (shared/offboarding/attribution/) at scale, with the real Graph and NetBird
 * clients against the demo simulators seeded like a real hybrid tenant: 10,000 users, 20,000
 * peers, hybrid-joined laptops without an Entra owner, Intune primary users for two in three,
 * 30 days of sign-ins (local/demo/seed/evidence.ts). Storage (IT's assignments) is a real Azurite.
 *
 * 1. One leaver (the demo's): time of `attributeDevices` and the HTTP calls it makes, NetBird's
 *    user and peer lists already read (inventory reads them once, shared between cases).
 * 2. A sweep of 100 leavers: 100 people with a machine-tunnel laptop, attributed 16 at a time (the
 *    queue trigger's batch size in host.json), the NetBird lists read once for the run.
 *
 * HTTP calls are counted by wrapping the global fetch; `$batch` items are counted from the bodies.
 */
import { declareLoopbackHost } from '../shared/host/runtime.js';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { startAzurite } from '../local/azurite.js';
import { startDemoWorld } from '../local/demo/world.js';
import { matchEntraUser } from '../shared/netbird/index.js';
import { attributeDevices } from '../shared/offboarding/attribution/gather.js';
import { offboardingContext } from '../shared/offboarding/context.js';
import { getServices, resetServices } from '../functions/root/services.js';
import type { Bench } from './run.js';
import { ms, percentile } from './support.js';

const USERS = 10_000;
const PEERS = 20_000;
const LEAVERS = 100;
const IN_FLIGHT = 16;

function countFetches(graph: string, netbird: string) {
  const counts = { graph: 0, batchItems: 0, netbird: 0, entra: 0 };
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/oauth2/')) counts.entra++;
    else if (url.startsWith(graph)) {
      counts.graph++;
      if (url.includes('/$batch') && typeof init?.body === 'string')
        counts.batchItems += ((JSON.parse(init.body) as { requests?: unknown[] }).requests ?? []).length;
    } else if (url.startsWith(netbird)) counts.netbird++;
    return original(input, init);
  };
  return {
    take: () => {
      const out = { ...counts };
      counts.graph = 0;
      counts.batchItems = 0;
      counts.netbird = 0;
      counts.entra = 0;
      return out;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

const bench: Bench = async () => {
  const azurite = await startAzurite();
  const world = await startDemoWorld({ users: USERS, peers: PEERS, graphPageSize: 999 });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), world.caCert]);
  const saved = { ...process.env };
  const fetches = countFetches(world.graph.url, world.netbird.url);
  try {
    Object.assign(process.env, world.env, { AzureWebJobsStorage: azurite.connectionString, LOG_LEVEL: 'error' });
    delete process.env.MicrosoftAppId;
    declareLoopbackHost('127.0.0.1'); // a loopback-only run, like the demo: no bot app id or function keys needed
    resetServices();
    const services = getServices();
    const ctx = offboardingContext(services);
    await services.graph.getUser(world.people.leaver.id); // token, outside the clock
    await ctx.storage.assignments.listPartition('device');
    const [users, peers] = await Promise.all([services.netbirdAdmin.listUsers(), services.netbirdAdmin.listPeers()]);
    fetches.take();
    const lists = (userId: string) => {
      const found = matchEntraUser(users, services.config.netbird.idp, userId);
      return { users, peers, netbirdUserId: found.kind === 'found' ? found.match.user.id : undefined };
    };

    // 1. One leaver.
    const t0 = performance.now();
    const one = await attributeDevices(ctx, world.people.leaver.id, lists(world.people.leaver.id));
    const oneMs = performance.now() - t0;
    const oneCalls = fetches.take();
    const machines = one.devices.filter((d) => d.kind === 'machine');
    if (machines.length < 2)
      throw new Error(`the demo leaver's laptops were not found (${machines.length} machine peers)`);

    // 2. A sweep of 100 leavers with machine-tunnel laptops.
    const byHost = new Set(peers.filter((p) => !p.user_id).map((p) => p.hostname.toLowerCase()));
    const candidates = world.graph.state.signIns
      .filter((s) => byHost.has(s.deviceDetail.displayName.toLowerCase()))
      .map((s) => s.userId);
    const leavers = [...new Set(candidates)].filter((id) => id !== world.people.leaver.id).slice(0, LEAVERS);
    const times: number[] = [];
    let found = 0;
    let shared = 0;
    let next = 0;
    const s0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < leavers.length) {
          const id = leavers[next++]!;
          const t = performance.now();
          const a = await attributeDevices(ctx, id, lists(id));
          times.push(performance.now() - t);
          found += a.devices.filter((d) => d.kind === 'machine' && !d.shared).length;
          shared += a.devices.filter((d) => d.shared).length;
        }
      }),
    );
    const sweepMs = performance.now() - s0;
    const sweepCalls = fetches.take();
    if (leavers.length !== LEAVERS) throw new Error(`only ${leavers.length} leavers with laptops`);

    const calls = (c: ReturnType<typeof fetches.take>) =>
      `${c.graph} Graph (${c.batchItems} batch items) + ${c.netbird} NetBird`;
    return {
      name: 'attribution',
      figures: [
        {
          figure: `one leaver, ${USERS.toLocaleString('en')} users / ${PEERS.toLocaleString('en')} peers: time`,
          value: ms(oneMs),
          target: '< 2000 ms',
        },
        { figure: 'one leaver: HTTP calls', value: calls(oneCalls), target: '≤ 3 Graph' },
        {
          figure: 'one leaver: machine peers attributed (own laptop + both peers of the shared, re-imaged laptop)',
          value: `${machines.length} (${machines.filter((d) => d.shared).length} shared)`,
        },
        { figure: `sweep of ${LEAVERS} leavers (${IN_FLIGHT} at a time): total time`, value: ms(sweepMs) },
        {
          figure: `sweep of ${LEAVERS}: per-leaver p50 / p95`,
          value: `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`,
        },
        { figure: `sweep of ${LEAVERS}: HTTP calls`, value: calls(sweepCalls), target: `≤ ${3 * LEAVERS} Graph` },
        {
          figure: `sweep of ${LEAVERS}: machine peers attributed / shared (not quarantined)`,
          value: `${found} / ${shared}`,
        },
      ],
    };
  } finally {
    fetches.restore();
    process.env = saved;
    resetServices();
    await world.stop();
    await azurite.stop();
  }
};

export default bench;
