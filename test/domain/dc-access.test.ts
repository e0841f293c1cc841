import { describe, expect, it } from 'vitest';
import { assessPeer, CONNECTED_MEANS, type NetworkSnapshot } from '../../shared/domain/dc-access/index.js';
import { AD_DOMAIN, FIXTURE_NOW, GROUPS, policy, seedNetwork, SITES } from '../fixtures/network.js';

function laptopOf(net: NetworkSnapshot) {
  const p = net.peers.find((x) => x.name === 'LAPTOP-42');
  if (!p) throw new Error('fixture has no laptop');
  return p;
}
const assess = (net: NetworkSnapshot) => assessPeer(laptopOf(net), net, SITES, AD_DOMAIN, FIXTURE_NOW);

describe('DC line of sight', () => {
  it('is OK when routing, policies on every AD port and the AD match domain are in place', () => {
    const result = assess(seedNetwork());
    expect(result.reasons).toEqual([]);
    expect(result.verdict).toBe('ok');
    expect(result.sites.map((s) => [s.routing.site, s.routing.status, s.ports.missing.length])).toEqual([
      ['Honolulu', 'ok', 0],
      ['Boulder', 'ok', 0],
    ]);
    expect(result.dns.status).toBe('ok');
    expect(CONNECTED_MEANS).toMatch(/management server/);
  });

  it('is at risk when the routing peer at one site is disconnected', () => {
    const net = seedNetwork();
    const rt = net.peers.find((p) => p.name === 'rt-boulder-1')!;
    rt.connected = false;
    const result = assess(net);
    expect(result.verdict).toBe('at-risk');
    expect(result.reasons).toEqual(['Boulder: routing peer rt-boulder-1 not connected']);
  });

  it('is broken when the DC policies miss TCP 464 and UDP 123, and lists both', () => {
    const net = seedNetwork();
    for (const p of net.policies)
      for (const r of p.rules) {
        if (r.protocol === 'tcp' && r.ports) r.ports = r.ports.filter((x) => x !== '464');
        if (r.protocol === 'udp' && r.ports) r.ports = r.ports.filter((x) => x !== '123');
      }
    const result = assess(net);
    expect(result.verdict).toBe('broken');
    const missing = result.sites[0]!.ports.missing.map((m) => `${m.protocol}/${m.start}`);
    expect(missing).toEqual(['udp/123', 'tcp/464']);
    expect(result.reasons[0]).toBe(
      'Honolulu: no enabled policy opens UDP 123 (NTP), TCP 464 (Kerberos password change)',
    );
  });

  it('flags the default All→All policy when it is still on (and stays usable)', () => {
    const net = seedNetwork();
    net.policies.find((p) => p.name === 'Default')!.enabled = true;
    const result = assess(net);
    expect(result.allToAllPolicies).toEqual(['Default']);
    expect(result.verdict).toBe('at-risk');
    expect(result.reasons.some((r) => r.includes('All→All'))).toBe(true);
  });

  it('is broken without the AD DNS match domain', () => {
    const net = seedNetwork();
    net.nameserverGroups = [{ ...net.nameserverGroups[0]!, primary: true, domains: [] }];
    const result = assess(net);
    expect(result.verdict).toBe('broken');
    expect(result.dns.status).toBe('missing');
    expect(result.reasons).toContain('DNS: no nameserver group has the match domain corp.contoso.com');
  });

  it('reports a laptop last seen three days ago', () => {
    const net = seedNetwork();
    const laptop = laptopOf(net);
    laptop.connected = false;
    laptop.last_seen = new Date(FIXTURE_NOW.getTime() - 3 * 86_400_000).toISOString();
    const result = assess(net);
    expect(result.verdict).toBe('at-risk');
    expect(result.reasons[0]).toBe('not connected to the management server; last seen 3 days ago');
  });

  it('is broken when the peer login expired, or when no site can be reached', () => {
    const expired = seedNetwork();
    laptopOf(expired).login_expired = true;
    expect(assess(expired).verdict).toBe('broken');

    const noRouters = seedNetwork();
    for (const n of noRouters.networks) for (const r of n.routers) r.enabled = false;
    const result = assess(noRouters);
    expect(result.verdict).toBe('broken');
    expect(result.reasons).toContain('Honolulu: no routing peer publishes the DC network');
  });

  it('counts legacy routes distributed to the peer, and a policy that opens all ports', () => {
    const net = seedNetwork();
    net.networks = [];
    net.routes = [
      {
        id: 'r1',
        network_id: 'hnl-dcs',
        description: '',
        enabled: true,
        peer: 'peer-rt-hnl',
        network: '10.10.0.0/24',
        metric: 9999,
        masquerade: true,
        groups: [GROUPS.users.id],
        keep_route: false,
        network_type: 'IPv4',
        peer_groups: [],
        domains: [],
        access_control_groups: [],
      },
      {
        id: 'r2',
        network_id: 'bdr-dcs',
        description: '',
        enabled: true,
        peer_groups: [GROUPS.routersBdr.id],
        network: '10.20.0.0/24',
        metric: 9999,
        masquerade: true,
        groups: [GROUPS.engineers.id],
        keep_route: false,
        network_type: 'IPv4',
        domains: [],
        access_control_groups: [],
      },
    ];
    // Legacy routing: policies reach a route through its access-control groups.
    net.routes[0]!.access_control_groups = ['grp-acg-hnl'];
    const result = assess(net);
    expect(result.sites[0]!.ports.missing.length).toBeGreaterThan(0);
    expect(result.sites[0]!.routing.status).toBe('ok');
    expect(result.sites[1]!.routing.status).toBe('none'); // r2 is not distributed to General Users
    net.policies.push(
      policy('pol-x', 'anything', {
        id: 'x',
        name: 'x',
        enabled: true,
        action: 'accept',
        bidirectional: false,
        protocol: 'all',
        sources: [{ ...GROUPS.users, peers_count: 1, resources_count: 0 }],
        destinations: [{ id: 'grp-acg-hnl', name: 'ACG Honolulu', peers_count: 0, resources_count: 0 }],
      }),
    );
    const after = assess(net).sites[0]!;
    expect(after.ports.missing).toEqual([]);
    expect(after.usable).toBe(true);
    expect(assess(net).sites[0]!.ports.grantingPolicies).toContain('anything');
  });
});
