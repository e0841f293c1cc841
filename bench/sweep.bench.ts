/**
 * The delta sweep at scale, with the real use-case (`runSweep`, shared/offboarding/sweep.ts), the
 * real Graph and NetBird clients and a real Azurite, against the demo simulators seeded with
 * 10,000 users and 20,000 peers (local/demo/world.ts; Graph pages of 999, Graph's maximum for
 * `users/delta`).
 *
 * 1. Full sweep: the first round, with no stored delta link, reads every user (the baseline).
 * 2. Incremental sweep: 10 users are disabled in the simulator, then the next round reads only the
 *    changes from the stored link and queues a check for each of the 10.
 *
 * HTTP calls are counted by wrapping the global fetch, which both clients send through; peak
 * memory is sampled every 10 ms (heap used and RSS, above what was in use before the round).
 */
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { startAzurite } from '../local/azurite.js';
import { startDemoWorld } from '../local/demo/world.js';
import { offboardingContext } from '../shared/offboarding/context.js';
import { runSweep } from '../shared/offboarding/sweep.js';
import { declareLoopbackHost } from '../shared/host/runtime.js';
import { getServices, resetServices } from '../functions/root/services.js';
import type { Bench } from './run.js';
import { ms } from './support.js';

const USERS = 10_000;
const PEERS = 20_000;
const CHANGES = 10;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Counts the HTTP requests made through the global fetch: Entra tokens, Graph, NetBird. */
function countFetches(graph: string, netbird: string) {
  const counts: Record<string, number> = { entra: 0, graph: 0, netbird: 0 };
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    // The simulator serves Entra's token endpoint and Graph from one origin.
    if (url.includes('/oauth2/')) counts.entra! += 1;
    else if (url.startsWith(graph)) counts.graph! += 1;
    else if (url.startsWith(netbird)) counts.netbird! += 1;
    return original(input, init);
  };
  return {
    take: () => {
      const out = { ...counts };
      for (const k of Object.keys(counts)) counts[k] = 0;
      return out;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** Runs `work`, sampling memory; returns its result, time and peak heap/RSS growth. */
async function measured<T>(work: () => Promise<T>) {
  global.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      ms: performance.now() - started,
      heap: peakHeap - before.heapUsed,
      rss: peakRss - before.rss,
      peakRss,
    };
  } finally {
    clearInterval(sampler);
  }
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
    declareLoopbackHost('127.0.0.1'); // a loopback-only run, like the demo: no bot app id needed
    resetServices();
    const ctx = offboardingContext(getServices());
    // Warm the token and the tables, outside the clock.
    await getServices().graph.getUser(world.people.leaver.id);
    await ctx.storage.deltaLinks.get('x', 'x');
    fetches.take();

    const full = await measured(() => runSweep(ctx, 'bench: full'));
    const fullCalls = fetches.take();
    if (!full.result.baseline || full.result.changed < USERS)
      throw new Error(`the full sweep read ${full.result.changed} users, expected ${USERS}`);

    const leavers = [...world.graph.state.users.values()]
      .filter((u) => u.accountEnabled && !Object.values(world.people).some((p) => p.id === u.id))
      .slice(0, CHANGES);
    for (const u of leavers) await world.controls.disableUser(u.id);
    fetches.take();
    const incremental = await measured(() => runSweep(ctx, 'bench: incremental'));
    const incCalls = fetches.take();
    if (incremental.result.queued !== CHANGES)
      throw new Error(`the incremental sweep queued ${incremental.result.queued}, expected ${CHANGES}`);

    const calls = (c: Record<string, number>) => `${c.graph} Graph + ${c.netbird} NetBird + ${c.entra} Entra token`;
    return {
      name: 'sweep',
      figures: [
        {
          figure: `full delta sweep, ${USERS.toLocaleString('en')} users: time`,
          value: ms(full.ms),
          target: '< 60000 ms',
        },
        {
          figure: 'full delta sweep: HTTP calls',
          value: calls(fullCalls),
          target: `≈ ${Math.ceil(USERS / 999)} Graph pages`,
        },
        {
          figure: 'full delta sweep: peak heap growth / peak process RSS (simulators in the same process)',
          value: `${mb(full.heap)} / ${mb(full.peakRss)}`,
          target: '< 100 MB heap growth',
        },
        { figure: `incremental sweep, ${CHANGES} changes: time`, value: ms(incremental.ms), target: '< 5000 ms' },
        { figure: 'incremental sweep: HTTP calls', value: calls(incCalls) },
        {
          figure: 'incremental sweep: users read / checks queued',
          value: `${incremental.result.changed} / ${incremental.result.queued}`,
          target: `${CHANGES} / ${CHANGES}`,
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
