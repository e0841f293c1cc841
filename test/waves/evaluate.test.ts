import { afterEach, describe, expect, it } from 'vitest';
import { waveSchema } from '../../shared/config/domain.js';
import { GraphTenantReports, SlidingWindowRateLimiter } from '../../shared/graph/index.js';
import { NetBirdClient } from '../../shared/netbird/index.js';
import { evaluateWaves, type WaveDeps, type WaveSettings } from '../../shared/waves/evaluate.js';
import { AD_DOMAIN, FIXTURE_NOW, GROUPS, peer, seedNetwork, SITES } from '../fixtures/network.js';
import { FakeClock, makeClient, maxInWindow, recordingLogger, staticCredential } from '../graph/support.js';
import { DEFAULT_THRESHOLDS, HOUR, ago, sspr } from './support.js';
import {
  CONNECTOR_ID,
  fakeGraph,
  fakeNetBird,
  GRAPH_URL,
  machinePeer,
  NETBIRD_URL,
  netbirdUser,
  type EntraUser,
  type FakeNetBird,
  type GraphState,
} from './world.js';

const G1 = '11111111-1111-4111-8111-111111111111';
const G3 = '33333333-3333-4333-8333-333333333333';
const alice: EntraUser = {
  id: 'a0000000-0000-4000-8000-00000000000a',
  displayName: 'Alice Kahananui',
  userPrincipalName: 'alice@contoso.com',
  mail: 'alice@contoso.com',
};
const bob: EntraUser = {
  id: 'b0000000-0000-4000-8000-00000000000b',
  displayName: 'Bob Larsen',
  userPrincipalName: 'bob@contoso.com',
};
const carol: EntraUser = {
  id: 'c0000000-0000-4000-8000-00000000000c',
  displayName: 'Carol Ng',
  userPrincipalName: 'carol@contoso.com',
};
const dave: EntraUser = {
  id: 'd0000000-0000-4000-8000-00000000000d',
  displayName: 'Dave Leaver',
  userPrincipalName: 'dave@contoso.com',
  accountEnabled: false,
};

let netbird: FakeNetBird | undefined;
afterEach(async () => {
  await netbird?.expectAllValid();
  netbird = undefined;
});

function deps(clock?: FakeClock): WaveDeps & { logs: ReturnType<typeof recordingLogger>['lines'] } {
  const { logger, lines } = recordingLogger();
  const limiter = new SlidingWindowRateLimiter({ limit: 5, windowMs: 10_000, ...(clock ? { clock } : {}) });
  return {
    netbird: new NetBirdClient({
      baseUrl: NETBIRD_URL,
      token: 'nbp_waveTestToken0123456789abcdefgh',
      logger,
      idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
      maxRetries: 0,
    }),
    graph: makeClient({ baseUrl: GRAPH_URL }).client,
    reports: new GraphTenantReports({
      baseUrl: GRAPH_URL,
      credential: staticCredential(),
      logger,
      maxRetries: 0,
      reportsRateLimiter: limiter,
    }),
    logger,
    logs: lines,
  };
}

function settings(waves: unknown[]): WaveSettings {
  return {
    waves: waves.map((w) => waveSchema.parse(w)),
    thresholds: DEFAULT_THRESHOLDS,
    minNetbirdVersion: '0.60.0',
    sites: SITES,
    adDnsDomain: AD_DOMAIN,
    idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
  };
}

describe('evaluating waves against NetBird and Graph', () => {
  function scenario() {
    const network = seedNetwork();
    const aliceNb = netbirdUser(alice.id, 'Alice Kahananui');
    const bobNb = netbirdUser(bob.id, 'Bob Larsen', { id: bob.id }); // legacy IdP id: the oid itself
    const someoneNb = netbirdUser('e0000000-0000-4000-8000-00000000000e', 'Someone Else');
    const template = network.peers[0]!;
    network.peers.push(
      peer('peer-alice-sso', 'ALICE-MBP', [GROUPS.all, GROUPS.users], { user_id: aliceNb.id }),
      {
        ...machinePeer(template, 'peer-laptop-a', 'laptop-a.corp.contoso.com'),
        groups: [{ ...GROUPS.all, peers_count: 1, resources_count: 0 }],
      },
      peer('peer-bob-sso', 'BOB-PC', [GROUPS.all, GROUPS.users], {
        user_id: bobNb.id,
        connected: false,
        last_seen: ago(3 * HOUR),
      }),
      // Someone else's SSO peer with Carol's laptop name: an SSO peer is never matched by hostname.
      peer('peer-other', 'LAPTOP-C', [GROUPS.all, GROUPS.users], { user_id: someoneNb.id }),
    );
    const graph: GraphState = {
      groups: { [G1]: [alice, bob, carol, dave] },
      devices: { [alice.id]: ['LAPTOP-A'], [carol.id]: ['LAPTOP-C'] },
      registrations: [
        { id: alice.id, userPrincipalName: alice.userPrincipalName, isSsprRegistered: true },
        { id: bob.id, userPrincipalName: bob.userPrincipalName, isSsprRegistered: false },
        { id: carol.id, userPrincipalName: carol.userPrincipalName, isSsprRegistered: true },
      ],
      audits: [
        sspr(
          { id: bob.id, name: 'Bob Larsen' },
          'Reset password (self-service)',
          'failure',
          new Date(FIXTURE_NOW.getTime() - HOUR).toISOString(),
        ),
      ],
      reportPageSize: 100,
    };
    return { network, users: [aliceNb, bobNb, someoneNb], graph };
  }

  it('resolves members, runs every check, and reads NetBird and each report once for three waves', async () => {
    const s = scenario();
    netbird = fakeNetBird({ network: s.network, users: s.users });
    const graph = fakeGraph(s.graph);
    const d = deps();

    const result = await evaluateWaves(
      d,
      settings([
        {
          name: 'Pilot 1',
          members: { entraGroupId: G1 },
          plannedStart: '2026-11-01',
          requiredGroups: ['General Users'],
        },
        { name: 'Pilot 2', members: { netbirdGroup: 'engineers' }, plannedStart: '2026-12-01' },
        { name: 'Pilot 3', members: { entraGroupId: G3 } },
      ]),
      { now: FIXTURE_NOW },
    );

    const [p1, p2, p3] = result;
    expect(p1).toMatchObject({
      wave: 'Pilot 1',
      source: `Entra group ${G1}`,
      users: 3,
      peers: 3,
      usersWithoutPeers: ['Carol Ng'],
      notes: ['1 disabled account left out'],
      nextWave: { name: 'Pilot 2', plannedStart: '2026-12-01' },
    });
    const check = (id: string) => p1!.checks.find((c) => c.id === id)!;
    expect(check('connected-now')).toMatchObject({
      status: 'red',
      evidence: { peers: ['BOB-PC (last seen 3 hours ago)'] },
    });
    expect(check('required-groups').evidence.peers).toEqual(['laptop-a (missing General Users)']);
    expect(check('sspr-registration')).toMatchObject({ status: 'red', evidence: { users: ['Bob Larsen'] } });
    expect(check('resets')).toMatchObject({ status: 'amber', value: 1 });
    expect(check('all-to-all').status).toBe('green');
    expect(p1).toMatchObject({ status: 'red', decision: 'no-go' });
    expect(p1!.checks).toHaveLength(11);

    expect(p2).toMatchObject({
      source: 'NetBird group "engineers"',
      users: 0,
      peers: 1,
      status: 'amber',
      decision: 'go-with-caution',
    });
    expect(p2!.notes).toEqual(['1 setup-key peer: no Entra user behind them, so not in the SSPR and reset checks']);
    expect(p2!.nextWave?.name).toBe('Pilot 3');

    expect(p3).toMatchObject({ wave: 'Pilot 3', status: 'red', decision: 'no-go', checks: [] });
    expect(p3!.error).toBe('Microsoft Graph answered HTTP 404'); // the upstream message stays in the log
    expect(JSON.stringify(d.logs)).toContain('no such group');
    expect(p3!.nextWave).toBeUndefined();

    // One NetBird read of each list for all three waves; each report read once.
    for (const path of [
      '/api/users',
      '/api/peers',
      '/api/groups',
      '/api/policies',
      '/api/networks',
      '/api/routes',
      '/api/dns/nameservers',
    ])
      expect(netbird.calls(path)).toBe(1);
    expect(netbird.total()).toBe(7 + 2 * s.network.networks.length);
    expect(
      graph
        .reportRequests()
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/v1.0/auditLogs/directoryAudits', '/v1.0/reports/authenticationMethods/userRegistrationDetails']);
    // Devices of Pilot 1's three enabled users: one `$batch` of 6 items (registered + owned each).
    expect(graph.batches).toEqual([6]);
  });

  it('only reads the reports when a wave has users', async () => {
    const s = scenario();
    netbird = fakeNetBird({ network: s.network, users: s.users });
    const graph = fakeGraph(s.graph);
    const [p2] = await evaluateWaves(deps(), settings([{ name: 'Pilot 2', members: { netbirdGroup: 'Engineers' } }]), {
      now: FIXTURE_NOW,
    });
    expect(p2!.checks.find((c) => c.id === 'sspr-registration')?.summary).toBe('no Entra users known for this wave');
    expect(graph.reportRequests()).toEqual([]);
  });

  it('names the waves there are when asked for one that does not exist', async () => {
    await expect(
      evaluateWaves(deps(), settings([{ name: 'Pilot 1', members: { netbirdGroup: 'x' } }]), { only: 'Pilot 9' }),
    ).rejects.toThrow('No wave named "Pilot 9". Waves: Pilot 1');
  });
});

describe('a 300-user wave and the reports limit', () => {
  it('sends no more than 5 report requests in any 10 s window, and far fewer than one per user', async () => {
    const network = seedNetwork();
    const people: EntraUser[] = Array.from({ length: 300 }, (_, i) => ({
      id: `f0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      displayName: `User ${i}`,
      userPrincipalName: `user${i}@contoso.com`,
    }));
    const users = people.map((p) => netbirdUser(p.id, p.displayName));
    users.forEach((u, i) =>
      network.peers.push(peer(`peer-u${i}`, `LAPTOP-${i}`, [GROUPS.all, GROUPS.users], { user_id: u.id })),
    );
    netbird = fakeNetBird({ network, users });
    const clock = new FakeClock(0);
    const graph = fakeGraph(
      {
        groups: { [G1]: people },
        devices: {},
        registrations: people.map((p, i) => ({
          id: p.id,
          userPrincipalName: p.userPrincipalName,
          isSsprRegistered: i % 10 !== 0,
        })),
        audits: people
          .slice(0, 100)
          .map((p) =>
            sspr(
              { id: p.id, name: p.displayName },
              'Reset password (self-service)',
              'success',
              new Date(FIXTURE_NOW.getTime() - HOUR).toISOString(),
            ),
          ),
        reportPageSize: 25,
      },
      clock,
    );

    const [wave] = await evaluateWaves(deps(clock), settings([{ name: 'Big wave', members: { entraGroupId: G1 } }]), {
      now: FIXTURE_NOW,
    });

    const reports = graph.reportRequests();
    expect(reports).toHaveLength(12 + 4); // 300 registrations and 100 events, 25 a page
    expect(
      maxInWindow(
        reports.map((r) => r.at),
        10_000,
      ),
    ).toBeLessThanOrEqual(5);
    expect(reports.at(-1)!.at).toBeGreaterThan(30_000); // 16 requests need four windows: the limiter did wait
    expect(wave).toMatchObject({ users: 300, peers: 300 });
    expect(wave!.checks.find((c) => c.id === 'sspr-registration')).toMatchObject({ value: 0.9, status: 'amber' });
    expect(wave!.checks.find((c) => c.id === 'resets')?.summary).toBe('100 resets, 0 failed, among 300 users');
  });
});

describe('member devices through $batch', () => {
  const people = (n: number): EntraUser[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `e0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      displayName: `User ${i}`,
      userPrincipalName: `user${i}@contoso.com`,
    }));
  const world = (members: EntraUser[], options: Parameters<typeof fakeGraph>[3] = {}) => {
    const network = seedNetwork();
    const template = network.peers[0]!;
    members.forEach((_, i) => network.peers.push(machinePeer(template, `pc-${i}`, `pc-${i}.corp.contoso.com`)));
    netbird = fakeNetBird({ network, users: [] });
    return fakeGraph(
      {
        groups: { [G1]: members },
        devices: Object.fromEntries(members.map((p, i) => [p.id, [`PC-${i}`]])),
        registrations: members.map((p) => ({
          id: p.id,
          userPrincipalName: p.userPrincipalName,
          isSsprRegistered: true,
        })),
        audits: [],
        reportPageSize: 500,
      },
      undefined,
      0,
      options,
    );
  };

  it('evaluates a 1,000-user wave in under 150 Graph calls: devices in $batch requests of 20, never one GET per user', async () => {
    const members = people(1_000);
    const graph = world(members);
    const [wave] = await evaluateWaves(deps(), settings([{ name: 'Big wave', members: { entraGroupId: G1 } }]), {
      now: FIXTURE_NOW,
    });
    expect(wave).toMatchObject({ users: 1_000, peers: 1_000, usersWithoutPeers: [] });
    expect(graph.batches).toHaveLength(100);
    expect(graph.batches.every((n) => n === 20)).toBe(true);
    expect(graph.requests.filter((r) => r.path.endsWith('/microsoft.graph.device'))).toHaveLength(2_000); // as batch items
    expect(graph.httpCalls()).toBeLessThan(150);
    expect(graph.httpCalls()).toBe(100 + 1 + 2 + 1); // batches, members, 2 registration pages, 1 audit page
  });

  it("resends a throttled item after its own Retry-After, alone, and counts the user's devices once", async () => {
    const members = people(30);
    const victim = members[7]!;
    const graph = world(members, {
      throttle: (url) => url.startsWith(`/users/${victim.id}/registeredDevices`),
      retryAfterSeconds: 1,
    });
    const [wave] = await evaluateWaves(deps(), settings([{ name: 'Wave', members: { entraGroupId: G1 } }]), {
      now: FIXTURE_NOW,
    });
    expect(wave).toMatchObject({ users: 30, peers: 30, usersWithoutPeers: [] });
    const tries = graph.requests.filter(
      (r) => r.path === `/v1.0/users/${victim.id}/registeredDevices/microsoft.graph.device`,
    );
    expect(tries.map((t) => Boolean(t.throttled))).toEqual([true, false]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1_000);
    // 60 items: 20 + 20 + 20, then the throttled one again on its own.
    expect([...graph.batches].sort((a, b) => a - b)).toEqual([1, 20, 20, 20]);
  });
});
