/** The read-only inventory the diagnostics and wave checks use, and the health ping. */
import { describe, expect, it } from 'vitest';
import { NetBirdError } from '../../shared/netbird/errors.js';
import { fixture, useNetBird } from './harness.js';

const HNL = 'd2v5k4p1l1bs73c0n001';

describe('NetBird inventory', () => {
  const nb = useNetBird();

  it('lists policies: one rule each, ports or port ranges, groups or a resource', async () => {
    nb.scope.get('/api/policies').reply(200, fixture('policies.json'));
    const policies = await nb.client.listPolicies();
    const [all, tcp, udp, lan] = policies.map((p) => p.rules[0]!);
    expect(all).toMatchObject({ protocol: 'all', sources: [{ name: 'All' }], destinations: [{ name: 'All' }] });
    expect(tcp!.port_ranges).toContainEqual({ start: 49152, end: 65535 });
    expect(tcp!.ports).toBeUndefined();
    expect(udp!.ports).toEqual(['53', '88', '123', '389', '464']);
    expect(lan).toMatchObject({
      destinations: [],
      destinationResource: { id: 'd2v5k4p1l1bs73c0r010', type: 'subnet' },
    });
  });

  it('normalises null policy lists from the real server', async () => {
    nb.scope.get('/api/policies').reply(200, fixture('policies-null-lists.json'));
    const policies = await nb.client.listPolicies();
    expect(policies[0]!.source_posture_checks).toEqual([]);
    expect(policies[3]!.rules[0]!.destinations).toEqual([]);
    expect(policies[2]!.rules[0]!.port_ranges).toBeUndefined();
  });

  it('lists networks, their routers and resources, and every router at once', async () => {
    nb.scope
      .get('/api/networks')
      .reply(200, fixture('networks.json'))
      .get(`/api/networks/${HNL}/routers`)
      .reply(200, fixture('network-routers.json'))
      .get(`/api/networks/${HNL}/resources`)
      .reply(200, fixture('network-resources.json'))
      .get('/api/networks/routers')
      .reply(200, fixture('all-routers.json'));
    expect((await nb.client.listNetworks()).map((n) => n.name)).toEqual(['Honolulu', 'Boulder']);
    expect(await nb.client.listNetworkRouters(HNL)).toEqual([
      expect.objectContaining({ peer_groups: ['d2v5k4p1l1bs73c0g150'], enabled: true }),
    ]);
    expect((await nb.client.listNetworkResources(HNL)).map((r) => [r.type, r.address])).toEqual([
      ['subnet', '10.10.0.0/16'],
      ['host', '10.10.1.10/32'],
    ]);
    const routers = await nb.client.listAllRouters();
    expect(routers[1]).toMatchObject({ peer: 'd2v5k4p1l1bs73c0p006', peer_groups: [] });
    nb.scope.done();
  });

  it('lists legacy routes, nameserver groups, setup keys and audit events', async () => {
    nb.scope
      .get('/api/routes')
      .reply(200, fixture('routes.json'))
      .get('/api/dns/nameservers')
      .reply(200, fixture('nameservers.json'))
      .get('/api/setup-keys')
      .reply(200, fixture('setup-keys.json'))
      .get('/api/events/audit')
      .reply(200, fixture('events.json'));
    expect((await nb.client.listRoutes())[0]).toMatchObject({ network: '10.20.1.0/24', enabled: false, domains: [] });
    const [ad, pub] = await nb.client.listNameserverGroups();
    expect(ad).toMatchObject({ primary: false, domains: ['ad.gsisg.example'] });
    expect(pub).toMatchObject({ primary: true, domains: [] });
    expect((await nb.client.listSetupKeys())[0]).toMatchObject({
      key: 'A6160****',
      auto_groups: ['d2v5k4p1l1bs73c0g140'],
    });
    expect((await nb.client.listAuditEvents()).map((e) => e.activity_code)).toEqual([
      'user.block',
      'peer.login.expire',
    ]);
    nb.scope.done();
  });

  it('treats a null list body as empty, and keeps audit codes the spec does not know yet', async () => {
    nb.scope
      .get('/api/networks')
      .reply(200, 'null', { 'Content-Type': 'application/json' })
      .get('/api/events/audit')
      .reply(200, [{ ...fixture<object[]>('events.json')[0], activity_code: 'user.future.thing', meta: null }]);
    expect(await nb.client.listNetworks()).toEqual([]);
    expect(await nb.client.listAuditEvents()).toEqual([
      expect.objectContaining({ activity_code: 'user.future.thing', meta: {} }),
    ]);
  });

  describe('ping', () => {
    it('answers ok with the latency, using a call a service-user token may make', async () => {
      nb.scope
        .get('/api/users')
        .query({ service_user: 'true' })
        .reply(
          200,
          fixture<{ is_service_user: boolean }[]>('users.json').filter((u) => u.is_service_user),
        );
      const result = await nb.client.ping();
      expect(result.ok).toBe(true);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it('throws a NetBirdError for a rejected token', async () => {
      nb.scope.get('/api/users').query(true).reply(401, { message: 'token invalid', code: 401 });
      await expect(nb.client.ping()).rejects.toMatchObject({
        name: 'NetBirdError',
        upstreamStatus: 401,
        transient: false,
      });
    });

    it('throws a NetBirdError with status 0 when NetBird cannot be reached', async () => {
      const err = Object.assign(new Error('getaddrinfo ENOTFOUND netbird.gsisg.example'), { code: 'ENOTFOUND' });
      nb.scope.get('/api/users').query(true).times(4).replyWithError(err);
      const thrown = await nb.client.ping().catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(NetBirdError);
      expect(thrown).toMatchObject({
        upstreamStatus: 0,
        transient: true,
        message: 'NetBird GET /api/users?service_user=true could not be reached (ENOTFOUND)',
      });
      expect(nb.sleeps).toHaveLength(3);
    });
  });
});
