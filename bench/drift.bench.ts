/**
 * Group drift at scale: 10,000 NetBird users (each with an SSO peer; 2,000 also with a setup-key
 * laptop of the same hostname), 50 mapped Entra groups of 200 users each (plus 1,000 users in a
 * second group), 5% movers. Graph (`transitiveMembers`, paged 999 a page like Graph) and NetBird
 * are faked at the wire with nock; no storage (IT assignments: none). Measures the whole read and
 * computation (`readDrift`), the computation alone (`computeDrift` on the same data), the HTTP
 * calls per service, and the peak heap and RSS sampled every 5 ms during the read.
 */
import nock from 'nock';
import { groupMapSchema } from '../shared/config/group-map.js';
import { computeDrift } from '../shared/drift/compute.js';
import { readDrift } from '../shared/drift/read.js';
import { GraphClient } from '../shared/graph/index.js';
import { silentLogger } from '../shared/logger.js';
import { NetBirdClient } from '../shared/netbird/index.js';
import { staticCredential } from '../test/graph/support.js';
import { netbirdFake, NETBIRD, type FakeGroup } from '../test/offboarding/support/netbird-fake.js';
import { GRAPH_ACCESS_TOKEN } from '../test/support/entra.js';
import {
  CONNECTOR_ID,
  entraGroupsFake,
  GRAPH,
  member,
  nbUser,
  nbUserId,
  peer,
  type EntraMember,
} from '../test/drift/support.js';
import type { Bench, BenchFigure } from './run.js';

const USERS = 10_000;
const GROUPS = 50;
const MACHINES = 2_000;
const MOVER_EVERY = 20;

const oid = (i: number) => `d0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const entraGroup = (g: number) => `${String(g).padStart(8, '0')}-0000-4000-8000-00000000beef`;

export const runs = 1;

const bench: Bench = async () => {
  nock.disableNetConnect();
  const map = groupMapSchema.parse(
    Object.fromEntries(Array.from({ length: GROUPS }, (_, g) => [entraGroup(g), `Dept ${g}`])),
  );
  const members = new Map<string, EntraMember[]>(Array.from({ length: GROUPS }, (_, g) => [entraGroup(g), []]));
  const groups: FakeGroup[] = Array.from({ length: GROUPS }, (_, g) => ({
    id: `grp-${g}`,
    name: `Dept ${g}`,
    peers: [],
    resources: [],
  }));
  groups.push({ id: 'grp-users', name: 'General Users', peers: [], resources: [] });
  const users = [];
  const peers = [];
  let movers = 0;
  for (let i = 0; i < USERS; i++) {
    const dept = i % GROUPS;
    const email = `user${i}@contoso.com`;
    members.get(entraGroup(dept))!.push(member(oid(i), `User ${i}`, email));
    if (i % 10 === 0) members.get(entraGroup((dept + 1) % GROUPS))!.push(member(oid(i), `User ${i}`, email));
    // A mover: Entra moved them to the next department, NetBird still holds the old one.
    const held = i % MOVER_EVERY === 0 ? (dept + GROUPS - 1) % GROUPS : dept;
    if (held !== dept) movers++;
    const second = i % 10 === 0 ? [(dept + 1) % GROUPS] : [];
    users.push(nbUser(oid(i), email, `User ${i}`, ['grp-users', `grp-${held}`, ...second.map((g) => `grp-${g}`)]));
    peers.push(peer(`sso-${i}`, `LT-${i}`, nbUserId(oid(i))));
    for (const g of [held, ...second]) groups[g]!.peers.push(`sso-${i}`);
    if (i < MACHINES) {
      peers.push(peer(`pc-${i}`, `LT-${i}`, ''));
      for (const g of [held, ...second]) groups[g]!.peers.push(`pc-${i}`);
    }
  }
  const netbird = netbirdFake({ users, peers, groups, policies: [] });
  const graph = entraGroupsFake(members);
  const logger = silentLogger;
  const deps = {
    graph: new GraphClient({ baseUrl: GRAPH, credential: staticCredential(GRAPH_ACCESS_TOKEN), logger }),
    netbird: new NetBirdClient({
      baseUrl: NETBIRD,
      token: 'nbp_benchToken0123456789abcdefghijk',
      logger,
      idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
    }),
    assignments: () => Promise.resolve([]),
  };
  const settings = { map, idp: { mode: 'embedded' as const, connectorId: CONNECTOR_ID } };

  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 5);
  const started = performance.now();
  const report = await readDrift(deps, settings, new Date());
  const readMs = performance.now() - started;
  clearInterval(sampler);

  // The computation alone, on the data just read (our CPU cost without the fakes' HTTP).
  const [usersNow, peersNow, groupsNow] = await Promise.all([
    deps.netbird.listUsers(),
    deps.netbird.listPeers(),
    deps.netbird.listGroups(),
  ]);
  const t0 = performance.now();
  computeDrift({
    map,
    members,
    users: usersNow,
    peers: peersNow,
    groups: groupsNow,
    assignments: [],
    idp: settings.idp,
    takenAt: new Date().toISOString(),
  });
  const computeMs = performance.now() - t0;

  const graphCalls = graph.calls.length;
  const netbirdCalls = netbird.recorder.requests.length - 3; // minus the three reads above
  netbird.recorder.dispose();
  nock.cleanAll();
  nock.restore();
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const machinesDrifting = report.users.filter((u) => u.devices.some((d) => d.kind === 'machine')).length;
  const figures: BenchFigure[] = [
    {
      figure: `settings: ${USERS} users, ${GROUPS} mapped groups (${USERS + USERS / 10} memberships), ${peers.length} peers (${MACHINES} setup-key), ${movers} movers`,
      value: 'GROUP_SYNC=report',
    },
    {
      figure: 'drift read + computation (fakes answer at once)',
      value: `${Math.round(readMs)} ms`,
      target: '< 5 min (Functions timeout)',
    },
    { figure: 'drift computation alone', value: `${Math.round(computeMs)} ms` },
    {
      figure: 'users found drifting (should equal the movers)',
      value: `${report.users.length} (${machinesDrifting} with a setup-key laptop)`,
    },
    { figure: 'HTTP calls: Graph (transitiveMembers pages)', value: String(graphCalls) },
    { figure: 'HTTP calls: NetBird', value: String(netbirdCalls) },
    { figure: 'peak heap during the read (before it)', value: `${mb(peakHeap)} (${mb(base.heapUsed)})` },
    { figure: 'peak RSS during the read (before it)', value: `${mb(peakRss)} (${mb(base.rss)})` },
  ];
  return { name: 'drift', figures };
};

export default bench;
