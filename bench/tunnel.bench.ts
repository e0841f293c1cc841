/**
 * How long `tunnel <device>` takes to answer with 20,000 peers in NetBird, end to end through
 * POST /api/messages: JWT validation, IT membership, the peer lookup (NetBird's `?name=` filter,
 * shared/netbird/peer-lookup.ts), the DC context (policies, networks, routes, DNS, routing groups
 * and peers: shared/netbird/dc-context.ts), the DC line-of-sight analysis, the card, and the reply
 * to the Bot Connector. NetBird, Graph, Entra and the Bot Connector are faked in-process with nock;
 * table storage is a real Azurite (the audit event and the conversation reference are written as
 * in production).
 *
 * Two timings: with instant fakes, the time is this app's own work beyond the round trips (the
 * goal: < 100 ms); with every NetBird answer 20 ms late, the difference shows how many NetBird
 * round trips follow one another. The fake filters peers as NetBird on SQLite does (`name LIKE
 * '%x%'`, ASCII case ignored); its answers are serialised once per URL and reused, so the fake's
 * own JSON work is not counted. Bytes are the NetBird answer bodies of one command. Peak heap is
 * sampled every 5 ms over the timed commands.
 */
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { startAzurite } from '../local/azurite.js';
import { HttpRequest, InvocationContext } from '../shared/host/azure-functions.js';
import { getServices, resetServices } from '../functions/root/services.js';
import type { NetBirdPeer } from '../shared/netbird/index.js';
import { GROUPS, peer, seedNetwork } from '../test/fixtures/network.js';
import { botConnector, nockBotToken, SERVICE_URL } from '../test/support/bot-connector.js';
import { AUTHORITY, GRAPH_ACCESS_TOKEN, nockEntraToken } from '../test/support/entra.js';
import { IT_GROUP_ID, TENANT_ID, TEST_SECRETS, validEnv } from '../test/support/env.js';
import { connectorAuthorization, nockBotFrameworkKeys } from '../test/bot/support/jwt.js';
import { APP_ID, channelMessage, IVY } from '../test/bot/support/teams.js';
import type { Bench } from './run.js';
import { median } from './support.js';
import { loopbackOnly } from './loopback-only.js';

const PEERS = 20_000;
const RUNS = 7;
const TARGET_MS = 100;
const TARGET_BYTES = 100 * 1024;
const LATENCY_MS = 20;
const NETBIRD = 'https://netbird.contoso.test';
const DEVICE = 'HNL-LT-04242';

function network() {
  const net = seedNetwork();
  const extra: NetBirdPeer[] = [];
  for (let i = 0; i < PEERS - net.peers.length; i++) {
    const name = `HNL-LT-${String(i).padStart(5, '0')}`;
    extra.push(
      peer(`peer-${i}`, name, [GROUPS.all, GROUPS.users], {
        connected: i % 3 !== 0,
        user_id: i % 2 ? '' : `user-${i}`,
      }),
    );
  }
  net.peers.push(...extra);
  for (const g of net.groups) {
    if (g.id === GROUPS.all.id || g.id === GROUPS.users.id) {
      g.peers = [...(g.peers ?? []), ...extra.map((p) => ({ id: p.id, name: p.name }))];
      g.peers_count = g.peers.length;
    }
  }
  return net;
}

type NetBirdNet = ReturnType<typeof network>;

/** NetBird's answer to a GET, as the server would filter it; undefined: 404. */
function answer(net: NetBirdNet, url: URL): unknown {
  const path = url.pathname;
  const name = url.searchParams.get('name');
  const ip = url.searchParams.get('ip');
  switch (path) {
    case '/api/peers':
      return net.peers.filter(
        (p) => (name === null || p.name.toLowerCase().includes(name.toLowerCase())) && (ip === null || p.ip === ip),
      );
    case '/api/groups':
      return name === null ? net.groups : net.groups.filter((g) => g.name === name);
    case '/api/policies':
      return net.policies;
    case '/api/networks':
      return net.networks.map((n) => n.network);
    case '/api/routes':
      return net.routes;
    case '/api/dns/nameservers':
      return net.nameserverGroups;
  }
  const sub = /^\/api\/networks\/([^/]+)\/(routers|resources)$/.exec(path);
  const entry = sub ? net.networks.find((n) => n.network.id === sub[1]) : undefined;
  if (entry) return sub![2] === 'routers' ? entry.routers : entry.resources;
  const one = /^\/api\/(peers|groups)\/([^/]+)$/.exec(path);
  if (one?.[1] === 'peers') return net.peers.find((p) => p.id === one[2]);
  if (one?.[1] === 'groups') return net.groups.find((g) => g.id === one[2]);
  return undefined;
}

/** Serialised answers per URL, computed on first use, so the clock mostly runs on the app's work. */
function netbirdAnswers(): (url: URL) => string | undefined {
  const net = network();
  const cache = new Map<string, string | undefined>();
  return (url) => {
    const key = url.pathname + url.search;
    if (!cache.has(key)) {
      const body = answer(net, url);
      cache.set(key, body === undefined ? undefined : JSON.stringify(body));
    }
    return cache.get(key);
  };
}

/** Runs `work` while sampling the heap every 5 ms; the peak heap used, in bytes. */
async function peakHeap<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage().heapUsed) };
  } finally {
    clearInterval(sampler);
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

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
        LOG_LEVEL: 'error',
      }),
    );
    resetServices();
    const { createMessagesEndpoint } = await import('../bot/endpoint.js');
    const { tunnelLookup } = await import('../shared/diagnostics/tunnel.js');
    const endpoint = createMessagesEndpoint();

    const answers = netbirdAnswers();
    const calls = { netbird: 0, graph: 0 };
    let netbirdBytes = 0;
    let latencyMs = 0;
    const netbirdUrls: string[] = [];
    nockEntraToken(TENANT_ID);
    nockBotToken();
    nockBotFrameworkKeys();
    nock(NETBIRD, { reqheaders: { authorization: `Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}` } })
      .persist()
      .get(/^\/api\//)
      .query(true)
      .reply(async (req: Request) => {
        calls.netbird++;
        const url = new URL(req.url);
        netbirdUrls.push(url.pathname + decodeURIComponent(url.search));
        const body = answers(url);
        netbirdBytes += Buffer.byteLength(body ?? '');
        if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
        return body === undefined
          ? [404, { message: 'not found', code: 404 }]
          : [200, body, { 'content-type': 'application/json' }];
      });
    nock('https://graph.microsoft.com', { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } })
      .persist()
      .post(/\/checkMemberGroups$/)
      .reply(() => {
        calls.graph++;
        return [200, { value: [IT_GROUP_ID] }];
      });
    const connector = botConnector();

    const ask = async () => {
      const before = { ...calls, connector: connector.activities.length };
      netbirdBytes = 0;
      netbirdUrls.length = 0;
      const request = new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/messages',
        headers: {
          'content-type': 'application/json',
          authorization: connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL }),
        },
        body: { string: JSON.stringify(channelMessage(`tunnel ${DEVICE}`, { from: IVY })) },
      });
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const response = await endpoint.handler(
        request,
        new InvocationContext({ functionName: 'messages', logHandler: () => undefined }),
      );
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      if ((response as { status?: number }).status !== 200)
        throw new Error(`the bot answered ${(response as { status?: number }).status}`);
      const reply = connector.activities.at(-1)?.activity;
      if (!String(reply?.text).startsWith(`Tunnel: ${DEVICE}`))
        throw new Error(`unexpected reply: ${String(reply?.text).slice(0, 200)}`);
      const unfiltered = netbirdUrls.filter((u) => u === '/api/peers' || u === '/api/groups');
      if (unfiltered.length) throw new Error(`tunnel <device> listed ${unfiltered.join(', ')}`);
      return {
        ms,
        cpuMs,
        netbird: calls.netbird - before.netbird,
        graph: calls.graph - before.graph,
        connector: connector.activities.length - before.connector,
        bytes: netbirdBytes,
      };
    };

    const heapBefore = process.memoryUsage().heapUsed;
    const first = await ask();
    const { result: runs, peak } = await peakHeap(async () => {
      const out = [];
      for (let i = 0; i < RUNS; i++) out.push(await ask());
      return out;
    });
    // The use-case alone (lookup, DC context, analysis): no JWT, storage, card or Bot Connector.
    const lookups = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const answer = await tunnelLookup(getServices(), DEVICE, IVY.aadObjectId, new Date());
      lookups.push(performance.now() - started);
      if (answer.kind !== 'peers') throw new Error(`tunnelLookup answered ${answer.kind}`);
    }
    latencyMs = LATENCY_MS;
    const slow = [];
    for (let i = 0; i < RUNS; i++) slow.push(await ask());
    const times = runs.map((r) => r.ms);
    const steady = runs.at(-1)!;
    const beyond = median(slow.map((r) => r.ms)) - median(times);
    return {
      name: 'tunnel',
      figures: [
        {
          figure: 'settings',
          value:
            `${PEERS} peers, ${DEVICE} (exact name), NetBird name filter ignoring case (SQLite), validEnv defaults, ` +
            'Graph/Entra/Bot Connector faked (no latency), Azurite storage',
        },
        {
          figure: `time to answer "tunnel <device>", instant fakes (beyond the round trips), median of ${RUNS}`,
          value: `${median(times).toFixed(0)} ms`,
          target: `< ${TARGET_MS} ms`,
        },
        { figure: 'slowest of those runs', value: `${Math.max(...times).toFixed(0)} ms` },
        {
          figure:
            'CPU time of this process per command (user + system; the app, nock and the fakes; Azurite is another process)',
          value: `${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms`,
          target: `< ${TARGET_MS} ms`,
        },
        {
          figure: `the lookup use-case alone (NetBird reads parsed, DC analysis), instant fakes, median of ${RUNS}`,
          value: `${median(lookups).toFixed(0)} ms`,
          target: `< ${TARGET_MS} ms`,
        },
        { figure: 'first command (cold: tokens, signing keys, tables)', value: `${first.ms.toFixed(0)} ms` },
        {
          figure: `same, every NetBird answer ${LATENCY_MS} ms late, median of ${RUNS}`,
          value: `${median(slow.map((r) => r.ms)).toFixed(0)} ms`,
        },
        {
          figure: `NetBird round trips one after another (added time / ${LATENCY_MS} ms)`,
          value: (beyond / LATENCY_MS).toFixed(1),
          target: 'lookup ∥ networks → routers → groups → peers',
        },
        {
          figure: 'NetBird HTTP calls per command',
          value: String(steady.netbird),
          target: '2 lookups + 6 + 2 per network + routing groups and peers',
        },
        {
          figure: 'bytes read from NetBird per command',
          value: `${(steady.bytes / 1024).toFixed(1)} KiB`,
          target: `< ${TARGET_BYTES / 1024} KiB`,
        },
        {
          figure: 'Graph HTTP calls per command (membership cached 5 min)',
          value: `${first.graph} first, then ${steady.graph}`,
        },
        { figure: 'Bot Connector HTTP calls per command (typing + answer)', value: String(steady.connector) },
        {
          figure: "peak heap used during the timed commands (whole process, incl. the fake's 20,000 peers)",
          value: `${mib(peak)} (${mib(heapBefore)} before the first command)`,
        },
      ],
    };
  } finally {
    process.env = saved;
    nock.cleanAll();
    await azurite.stop();
  }
};

export default bench;
