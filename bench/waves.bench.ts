/**
 * Wave health at the product's upper size (DESIGN.md §1): a full evaluation of 3 waves covering
 * 1,000 users and 2,000 peers (each user an SSO peer and a setup-key machine peer named like
 * their Entra device), against NetBird and Graph faked at the wire with nock. Prints the time and
 * the HTTP calls by service, once with instant answers (our own CPU cost) and once with 20 ms per
 * call (closer to a real run: shows what the parallel device reads buy).
 */
import nock from 'nock';
import { waveSchema, waveThresholdsSchema } from '../shared/config/domain.js';
import { GraphClient, GraphTenantReports, SlidingWindowRateLimiter } from '../shared/graph/index.js';
import { silentLogger } from '../shared/logger.js';
import { NetBirdClient } from '../shared/netbird/index.js';
import { evaluateWaves, type WaveSettings } from '../shared/waves/evaluate.js';
import { AD_DOMAIN, FIXTURE_NOW, GROUPS, peer, seedNetwork, SITES } from '../test/fixtures/network.js';
import { staticCredential } from '../test/graph/support.js';
import {
  CONNECTOR_ID,
  fakeGraph,
  fakeNetBird,
  GRAPH_URL,
  machinePeer,
  NETBIRD_URL,
  netbirdUser,
  type EntraUser,
} from '../test/waves/world.js';
import type { Bench, BenchFigure } from './run.js';

const USERS = 1_000;
const GRAPH_CALL_TARGET = 150;
const WAVES = [
  { name: 'Pilot 1', from: 0, to: 100 },
  { name: 'Pilot 2', from: 100, to: 400 },
  { name: 'Pilot 3', from: 400, to: USERS },
];
const groupId = (i: number) => `0000000${i}-0000-4000-8000-000000000000`;

async function measure(latencyMs: number) {
  const network = seedNetwork();
  const people: EntraUser[] = Array.from({ length: USERS }, (_, i) => ({
    id: `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    displayName: `User ${i}`,
    userPrincipalName: `user${i}@contoso.com`,
  }));
  const users = people.map((p) => netbirdUser(p.id, p.displayName));
  const template = network.peers[0]!;
  users.forEach((u, i) => {
    network.peers.push(
      peer(`sso-${i}`, `MBP-${i}`, [GROUPS.all, GROUPS.users], { user_id: u.id, connected: i % 10 !== 0 }),
    );
    network.peers.push(machinePeer(template, `pc-${i}`, `pc-${i}.corp.contoso.com`));
  });
  const netbird = fakeNetBird({ network, users }, NETBIRD_URL, latencyMs);
  const graph = fakeGraph(
    {
      groups: Object.fromEntries(WAVES.map((w, i) => [groupId(i), people.slice(w.from, w.to)])),
      devices: Object.fromEntries(people.map((p, i) => [p.id, [`PC-${i}`]])),
      registrations: people.map((p, i) => ({
        id: p.id,
        userPrincipalName: p.userPrincipalName,
        isSsprRegistered: i % 7 !== 0,
      })),
      audits: [],
      reportPageSize: 500,
    },
    undefined,
    latencyMs,
  );

  const logger = silentLogger;
  const deps = {
    netbird: new NetBirdClient({
      baseUrl: NETBIRD_URL,
      token: 'nbp_benchToken0123456789abcdefghijk',
      logger,
      idp: { mode: 'embedded' as const, connectorId: CONNECTOR_ID },
    }),
    graph: new GraphClient({ baseUrl: GRAPH_URL, credential: staticCredential(), logger }),
    reports: new GraphTenantReports({
      baseUrl: GRAPH_URL,
      credential: staticCredential(),
      logger,
      reportsRateLimiter: new SlidingWindowRateLimiter({ limit: 5, windowMs: 10_000 }),
    }),
    logger,
  };
  const settings: WaveSettings = {
    waves: WAVES.map((w, i) =>
      waveSchema.parse({ name: w.name, members: { entraGroupId: groupId(i) }, requiredGroups: ['General Users'] }),
    ),
    thresholds: waveThresholdsSchema.parse({}),
    minNetbirdVersion: '0.60.0',
    sites: SITES,
    adDnsDomain: AD_DOMAIN,
    idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
  };

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const result = await evaluateWaves(deps, settings, { now: FIXTURE_NOW }).finally(() => clearInterval(sampler));
  const ms = performance.now() - started;
  netbird.recorder.dispose();
  nock.cleanAll();
  const reports = graph.reportRequests().length;
  return {
    ms,
    heapBefore,
    peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed),
    netbird: netbird.total(),
    // HTTP calls: GETs sent alone plus `$batch` POSTs; the reports are counted on their own.
    graph: graph.httpCalls() - reports,
    batches: graph.batches.length,
    batchItems: graph.batches.reduce((a, b) => a + b, 0),
    reports,
    users: result.reduce((n, w) => n + w.users, 0),
    peers: result.reduce((n, w) => n + w.peers, 0),
  };
}

const bench: Bench = async () => {
  nock.disableNetConnect();
  const instant = await measure(0);
  const slow = await measure(20);
  nock.restore();
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const figures: BenchFigure[] = [
    {
      figure: 'settings',
      value:
        `${USERS} users in 3 Entra-group waves (100/300/600), 1 SSO + 1 machine peer each, 1 Entra device each, ` +
        'WAVE_THRESHOLDS defaults, report limiter 5 per 10 s, $batch of 20 with 4 in flight, Graph SDK retries on',
    },
    {
      figure: `evaluation of 3 waves: ${instant.users} users, ${instant.peers} peers (instant fakes)`,
      value: `${Math.round(instant.ms)} ms`,
    },
    {
      figure: 'same, 20 ms per HTTP call',
      value: `${(slow.ms / 1000).toFixed(1)} s`,
      target: '< 5 min (Functions timeout)',
    },
    { figure: 'HTTP calls: NetBird', value: String(instant.netbird) },
    {
      figure: 'HTTP calls: Graph members + devices',
      value: `${instant.graph} (${instant.batches} $batch carrying ${instant.batchItems} reads)`,
    },
    { figure: 'HTTP calls: Graph reports', value: String(instant.reports), target: '≤ 5 per 10 s' },
    {
      figure: `Graph calls per wave run (${USERS} users)`,
      value: String(instant.graph + instant.reports),
      target: `< ${GRAPH_CALL_TARGET}`,
    },
    { figure: 'HTTP calls: total', value: String(instant.netbird + instant.graph + instant.reports) },
    {
      figure: 'peak heap used during the evaluation (whole process, incl. the fakes)',
      value: `${mib(instant.peakHeap)} (${mib(instant.heapBefore)} before)`,
    },
  ];
  return { name: 'waves', figures };
};

export default bench;
