/**
 * How long `tunnel <device>` takes to answer with 20,000 peers in NetBird, end to end through
 * POST /api/messages: JWT validation, IT membership, the network snapshot (every NetBird list
 * call), the search, the DC line-of-sight analysis, the card, and the reply to the Bot Connector.
 * NetBird, Graph, Entra and the Bot Connector are faked in-process with nock, so the time is
 * this app's work plus parsing the answers, with no network latency; table storage is a real
 * Azurite (the audit event and the conversation reference are written as in production).
 * The NetBird answers are serialised once up front, so the fake's own JSON work is not counted.
 */
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { startAzurite } from '../local/azurite.js';
import { HttpRequest, InvocationContext } from '../shared/host/azure-functions.js';
import { resetServices } from '../functions/root/services.js';
import type { NetBirdPeer } from '../shared/netbird/index.js';
import { GROUPS, peer, seedNetwork } from '../test/fixtures/network.js';
import { botConnector, nockBotToken, SERVICE_URL } from '../test/support/bot-connector.js';
import { AUTHORITY, GRAPH_ACCESS_TOKEN, nockEntraToken } from '../test/support/entra.js';
import { IT_GROUP_ID, TENANT_ID, TEST_SECRETS, validEnv } from '../test/support/env.js';
import { connectorAuthorization, nockBotFrameworkKeys } from '../test/bot/support/jwt.js';
import { APP_ID, channelMessage, IVY } from '../test/bot/support/teams.js';
import type { Bench } from './run.js';
import { loopbackOnly, median } from './support.js';

const PEERS = 20_000;
const RUNS = 7;
const TARGET_MS = 500;
const NETBIRD = 'https://netbird.contoso.test';

function network() {
  const net = seedNetwork();
  const extra: NetBirdPeer[] = [];
  for (let i = 0; i < PEERS - net.peers.length; i++) {
    const name = `HNL-LT-${String(i).padStart(5, '0')}`;
    extra.push(peer(`peer-${i}`, name, [GROUPS.all, GROUPS.users], { connected: i % 3 !== 0, user_id: i % 2 ? '' : `user-${i}` }));
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

/** Pre-serialised answers per path, so the fake does no JSON work while the clock runs. */
function netbirdAnswers(): Map<string, string> {
  const net = network();
  const answers = new Map<string, string>([
    ['/api/peers', JSON.stringify(net.peers)],
    ['/api/groups', JSON.stringify(net.groups)],
    ['/api/policies', JSON.stringify(net.policies)],
    ['/api/networks', JSON.stringify(net.networks.map((n) => n.network))],
    ['/api/routes', JSON.stringify(net.routes)],
    ['/api/dns/nameservers', JSON.stringify(net.nameserverGroups)],
  ]);
  for (const n of net.networks) {
    answers.set(`/api/networks/${n.network.id}/routers`, JSON.stringify(n.routers));
    answers.set(`/api/networks/${n.network.id}/resources`, JSON.stringify(n.resources));
  }
  return answers;
}

const bench: Bench = async () => {
  loopbackOnly();
  const azurite = await startAzurite();
  const saved = { ...process.env };
  try {
    Object.assign(process.env, validEnv({ AzureWebJobsStorage: azurite.connectionString, GRAPH_AUTHORITY_HOST: AUTHORITY, TEAMS_SERVICE_URL: SERVICE_URL, LOG_LEVEL: 'error' }));
    resetServices();
    const { createMessagesEndpoint } = await import('../bot/endpoint.js');
    const endpoint = createMessagesEndpoint();

    const answers = netbirdAnswers();
    const calls = { netbird: 0, graph: 0 };
    let netbirdBytes = 0;
    nockEntraToken(TENANT_ID);
    nockBotToken();
    nockBotFrameworkKeys();
    nock(NETBIRD, { reqheaders: { authorization: `Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}` } }).persist().get(/^\/api\//).reply((req: Request) => {
      calls.netbird++;
      const body = answers.get(new URL(req.url).pathname);
      netbirdBytes += body?.length ?? 0;
      return body === undefined ? [404, { message: 'not found', code: 404 }] : [200, body, { 'content-type': 'application/json' }];
    });
    nock('https://graph.microsoft.com', { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } }).persist()
      .post(/\/checkMemberGroups$/).reply(() => {
        calls.graph++;
        return [200, { value: [IT_GROUP_ID] }];
      });
    const connector = botConnector();

    const ask = async () => {
      const before = { ...calls, connector: connector.activities.length };
      netbirdBytes = 0;
      const request = new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/messages',
        headers: { 'content-type': 'application/json', authorization: connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL }) },
        body: { string: JSON.stringify(channelMessage('tunnel HNL-LT-04242', { from: IVY })) },
      });
      const started = performance.now();
      const response = await endpoint.handler(request, new InvocationContext({ functionName: 'messages', logHandler: () => undefined }));
      const ms = performance.now() - started;
      if ((response as { status?: number }).status !== 200) throw new Error(`the bot answered ${(response as { status?: number }).status}`);
      const reply = connector.activities.at(-1)?.activity;
      if (!String(reply?.text).startsWith('Tunnel: HNL-LT-04242')) throw new Error(`unexpected reply: ${String(reply?.text).slice(0, 200)}`);
      return { ms, netbird: calls.netbird - before.netbird, graph: calls.graph - before.graph, connector: connector.activities.length - before.connector, bytes: netbirdBytes };
    };

    const first = await ask();
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await ask());
    const times = runs.map((r) => r.ms);
    const steady = runs.at(-1)!;
    return {
      name: 'tunnel',
      figures: [
        { figure: `time to answer "tunnel <device>", ${PEERS} peers, median of ${RUNS}`, value: `${median(times).toFixed(0)} ms`, target: `< ${TARGET_MS} ms` },
        { figure: 'slowest of those runs', value: `${Math.max(...times).toFixed(0)} ms` },
        { figure: 'first command (cold: tokens, signing keys, tables)', value: `${first.ms.toFixed(0)} ms` },
        { figure: 'NetBird HTTP calls per command', value: String(steady.netbird), target: '6 + 2 per network' },
        { figure: 'Graph HTTP calls per command (membership cached 5 min)', value: `${first.graph} first, then ${steady.graph}` },
        { figure: 'Bot Connector HTTP calls per command (typing + answer)', value: String(steady.connector) },
        { figure: 'NetBird answer size per command', value: `${(steady.bytes / 1024 / 1024).toFixed(1)} MiB` },
      ],
    };
  } finally {
    process.env = saved;
    nock.cleanAll();
    await azurite.stop();
  }
};

export default bench;
