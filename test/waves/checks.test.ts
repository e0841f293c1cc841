import { describe, expect, it } from 'vitest';
import {
  adDns,
  adPorts,
  allToAll,
  connectedNow,
  loginExpired,
  requiredGroups,
  resets,
  routing,
  seenWithin24h,
  ssprRegistration,
  versions,
} from '../../shared/waves/checks/index.js';
import { GROUPS, peer, seedNetwork } from '../fixtures/network.js';
import { ago, HOUR, input, laptops, registered, sspr, users, wave } from './support.js';

describe('connected now', () => {
  it('is green when every peer is connected', () => {
    const r = connectedNow(input());
    expect(r).toMatchObject({ status: 'green', value: 1, unit: 'share' });
    expect(r.evidence.peers).toEqual([]);
  });

  it('is amber at 80% and names the peers that are not connected, with when they were last seen', () => {
    const r = connectedNow(
      input({ peers: laptops(10, (i) => (i === 3 || i === 7 ? { connected: false, last_seen: ago(3 * HOUR) } : {})) }),
    );
    expect(r.status).toBe('amber');
    expect(r.summary).toBe('80% of 10 peers connected (2 not connected)');
    expect(r.evidence.peers).toEqual(['LAPTOP-003 (last seen 3 hours ago)', 'LAPTOP-007 (last seen 3 hours ago)']);
  });

  it('is red below the amber limit, and red when the wave has no peers at all', () => {
    expect(connectedNow(input({ peers: laptops(10, (i) => (i < 3 ? { connected: false } : {})) })).status).toBe('red');
    expect(connectedNow(input({ peers: [] }))).toMatchObject({
      status: 'red',
      summary: 'no NetBird peers found for this wave',
    });
  });
});

describe('seen in the last 24 h', () => {
  it('counts a peer that is offline now but was seen two hours ago', () => {
    const r = seenWithin24h(
      input({ peers: laptops(10, (i) => (i === 0 ? { connected: false, last_seen: ago(2 * HOUR) } : {})) }),
    );
    expect(r).toMatchObject({ status: 'green', value: 1 });
  });

  it('is amber at 90% and red at 80%, naming the peers not seen for a day', () => {
    const stale = (n: number) => laptops(10, (i) => (i < n ? { connected: false, last_seen: ago(50 * HOUR) } : {}));
    expect(seenWithin24h(input({ peers: stale(1) })).status).toBe('amber');
    const r = seenWithin24h(input({ peers: stale(2) }));
    expect(r.status).toBe('red');
    expect(r.evidence.peers).toEqual(['LAPTOP-000 (last seen 2 days ago)', 'LAPTOP-001 (last seen 2 days ago)']);
  });
});

describe('login expired', () => {
  it('is green with none, amber at 10%, red at 20%', () => {
    const expired = (n: number) => laptops(10, (i) => (i < n ? { login_expired: true, connected: false } : {}));
    expect(loginExpired(input({ peers: expired(0) })).status).toBe('green');
    expect(loginExpired(input({ peers: expired(1) }))).toMatchObject({
      status: 'amber',
      evidence: { peers: ['LAPTOP-000'] },
    });
    expect(loginExpired(input({ peers: expired(2) })).status).toBe('red');
  });
});

describe('NetBird versions', () => {
  it('is green when every peer is at the minimum or newer', () => {
    expect(versions(input({ minVersion: '0.60.2' }))).toMatchObject({
      status: 'green',
      summary: 'all 10 peers at 0.60.2 or newer',
    });
  });

  it('names outdated peers with their version, oldest first; amber at 10%, red at 30%', () => {
    const old = (n: number) => laptops(10, (i) => (i < n ? { version: i === 0 ? '0.59.9' : '0.58.1' } : {}));
    expect(versions(input({ peers: old(1), minVersion: '0.60.0' })).status).toBe('amber');
    const r = versions(input({ peers: old(3), minVersion: '0.60.0' }));
    expect(r.status).toBe('red');
    expect(r.evidence.peers).toEqual(['LAPTOP-001 (0.58.1)', 'LAPTOP-002 (0.58.1)', 'LAPTOP-000 (0.59.9)']);
  });

  it('does not count a version it cannot compare, but names it', () => {
    const r = versions(
      input({ peers: laptops(10, (i) => (i === 0 ? { version: 'development' } : {})), minVersion: '0.60.0' }),
    );
    expect(r.status).toBe('green');
    expect(r.evidence.details).toEqual(['1 peer reports a version that cannot be compared: LAPTOP-000 (development)']);
  });

  it('is green and says so when no minimum is configured', () => {
    expect(versions(input({ peers: laptops(2, () => ({ version: '0.1.0' })) })).summary).toContain(
      'MIN_NETBIRD_VERSION',
    );
  });
});

describe('required groups', () => {
  it('is green when every peer is in the required groups (by name, any case)', () => {
    expect(requiredGroups(input({ wave: wave({ requiredGroups: ['general users'] }) })).status).toBe('green');
  });

  it('names peers missing a group; one in ten is red by default and amber with a wave override', () => {
    const peers = [...laptops(9), peer('peer-x', 'LAPTOP-X', [GROUPS.all])];
    const r = requiredGroups(input({ peers }));
    expect(r).toMatchObject({ status: 'red', value: 0.1, evidence: { peers: ['LAPTOP-X (missing General Users)'] } });
    expect(requiredGroups(input({ peers, thresholds: { missingGroupsShare: { green: 0, amber: 0.1 } } })).status).toBe(
      'amber',
    );
  });

  it('says when a required group does not exist', () => {
    const r = requiredGroups(input({ wave: wave({ requiredGroups: ['Pilot Laptops'] }) }));
    expect(r.status).toBe('red');
    expect(r.evidence.details).toEqual(['group "Pilot Laptops" does not exist in NetBird']);
  });
});

describe('routing peers per site', () => {
  it('is green when each site has a connected routing peer and nothing is disabled', () => {
    expect(routing(input())).toMatchObject({
      status: 'green',
      summary: 'Honolulu: 1 of 1 routing peers connected; Boulder: 1 of 1 routing peers connected',
    });
  });

  it("is red when a site's only routing peer is down, naming it", () => {
    const network = seedNetwork();
    Object.assign(
      network.peers.find((p) => p.id === 'peer-rt-bdr')!,
      { connected: false, last_seen: ago(5 * HOUR) },
    );
    const r = routing(input({ network }));
    expect(r.status).toBe('red');
    expect(r.summary).toContain('Boulder: 1 routing peer, none connected');
    expect(r.evidence.peers).toEqual(['rt-boulder-1 (Boulder, last seen 5 hours ago)']);
  });

  it('is amber when one of two routing peers is down (no redundancy left)', () => {
    const network = seedNetwork();
    const spare = peer('peer-rt-hnl-2', 'rt-honolulu-2', [GROUPS.all, GROUPS.routersHnl], {
      connected: false,
      last_seen: ago(HOUR),
    });
    network.peers.push(spare);
    network.groups.find((g) => g.id === GROUPS.routersHnl.id)!.peers.push({ id: spare.id, name: spare.name });
    const r = routing(input({ network }));
    expect(r.status).toBe('amber');
    expect(r.summary).toContain('Honolulu: 1 of 2 routing peers connected');
  });

  it("is red when the only resource reaching a site's DCs is disabled, and says which", () => {
    const network = seedNetwork();
    network.networks[1]!.resources[0]!.enabled = false;
    const r = routing(input({ network }));
    expect(r.status).toBe('red');
    expect(r.summary).toContain('Boulder: no routing peer publishes the DC network');
    expect(r.evidence.details).toEqual([
      'Boulder: resource "Boulder DCs" (10.20.0.0/24) of network "Boulder" is disabled',
    ]);
  });

  it('is amber when a spare router of a network is disabled', () => {
    const network = seedNetwork();
    network.networks[0]!.routers.push({
      id: 'rtr-hnl-2',
      peer: 'peer-rt-bdr',
      peer_groups: [],
      metric: 10,
      masquerade: true,
      enabled: false,
    });
    const r = routing(input({ network }));
    expect(r.status).toBe('amber');
    expect(r.evidence.details).toEqual(['Honolulu: a router of network "Honolulu" (peer peer-rt-bdr) is disabled']);
  });
});

describe('AD DNS match domain', () => {
  it('is green when the nameserver group reaches every peer', () => {
    expect(adDns(input())).toMatchObject({
      status: 'green',
      summary: 'corp.contoso.com resolves through "AD DNS" for every peer',
    });
  });

  it('is red when the nameserver group is disabled', () => {
    const network = seedNetwork();
    network.nameserverGroups[0]!.enabled = false;
    expect(adDns(input({ network }))).toMatchObject({
      status: 'red',
      summary: 'nameserver group "AD DNS" for corp.contoso.com is disabled',
    });
  });

  it('is red when it is primary (no match domain) and names no peers then', () => {
    const network = seedNetwork();
    Object.assign(network.nameserverGroups[0]!, { primary: true, domains: [] });
    expect(adDns(input({ network }))).toMatchObject({
      status: 'red',
      summary: 'no nameserver group has the match domain corp.contoso.com',
      evidence: { peers: [] },
    });
  });

  it('names the peers whose groups it is not distributed to', () => {
    const network = seedNetwork();
    network.nameserverGroups[0]!.groups = [GROUPS.users.id];
    const eng = peer('peer-eng-7', 'ENG-LAPTOP-7', [GROUPS.all, GROUPS.engineers]);
    const r = adDns(input({ network, peers: [...laptops(3), eng] }));
    expect(r.status).toBe('red');
    expect(r.summary).toBe('nameserver group for corp.contoso.com not distributed to 1 peer');
    expect(r.evidence.peers).toEqual(['ENG-LAPTOP-7']);
    expect(r.evidence.details?.[0]).toMatch(/^groups Engineers \(1 peer\): nameserver group "AD DNS"/);
  });
});

describe('AD ports to the DCs', () => {
  it('is green when policies open every AD port to both sites', () => {
    const r = adPorts(input());
    expect(r.status).toBe('green');
    expect(r.summary).toContain('General Users to DCs (TCP)');
  });

  it('is red when the UDP policy is gone: no site reachable on every port', () => {
    const network = seedNetwork();
    network.policies = network.policies.filter((p) => p.id !== 'pol-dc-udp');
    const r = adPorts(input({ network }));
    expect(r.status).toBe('red');
    expect(r.evidence.peers).toHaveLength(10);
    expect(r.evidence.details?.[0]).toContain('Honolulu: UDP 53 (DNS), UDP 88 (Kerberos), UDP 123 (NTP)');
  });

  it("is amber when one site's DCs are outside the policy destination", () => {
    const network = seedNetwork();
    const dcs = network.groups.find((g) => g.id === GROUPS.dcs.id)!;
    dcs.resources = dcs.resources.filter((r) => r.id !== 'res-bdr-dcs');
    network.networks[1]!.resources[0]!.groups = [{ ...GROUPS.lan, peers_count: 0, resources_count: 1 }];
    const r = adPorts(input({ network }));
    expect(r.status).toBe('amber');
    expect(r.summary).toBe('10 peers miss AD ports to some sites');
    expect(r.evidence.details?.[0]).toMatch(/^groups General Users \(10 peers\) miss Boulder: TCP 53 \(DNS\)/);
  });
});

describe('default All→All policy', () => {
  it('is green when disabled and red when enabled', () => {
    expect(allToAll(input()).status).toBe('green');
    const network = seedNetwork();
    network.policies.find((p) => p.id === 'pol-default')!.enabled = true;
    expect(allToAll(input({ network }))).toMatchObject({ status: 'red', summary: 'still enabled: Default' });
  });
});

describe('SSPR registration', () => {
  const people = users(10);
  it('is green when everyone is registered', () => {
    expect(ssprRegistration(input({ users: people }))).toMatchObject({ status: 'green', value: 1 });
  });

  it('is amber at 80%, red at 70%, and names users without a registration record', () => {
    const at = (n: number) => registered(people, (i) => i >= n);
    expect(ssprRegistration(input({ users: people, registrations: { ok: true, value: at(2) } })).status).toBe('amber');
    const details = at(2);
    details.delete(people[9]!.id);
    const r = ssprRegistration(input({ users: people, registrations: { ok: true, value: details } }));
    expect(r.status).toBe('red');
    expect(r.evidence.users).toEqual(['User 000', 'User 001', 'User 009 (no registration record)']);
  });

  it('is amber, not red, when the report could not be read', () => {
    expect(ssprRegistration(input({ users: people, registrations: { ok: false, error: 'Graph 403' } }))).toMatchObject({
      status: 'amber',
      summary: 'could not read registration details: Graph 403',
    });
  });
});

describe('password resets in the last 24 h', () => {
  const people = users(10);
  const [alice, bob, carol, dave, eve] = people as [
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
  ];
  const stranger = { id: '99999999-0000-4000-8000-000000000000', name: 'Not In Wave' };

  it('is green with resets and no failures', () => {
    const r = resets(
      input({ users: people, ssprEvents: [sspr(alice, 'Reset password (self-service)', 'success', ago(HOUR))] }),
    );
    expect(r).toMatchObject({ status: 'green', value: 0, summary: '1 reset, 0 failed, among 10 users' });
  });

  it('counts one failed flow once, ignores other users and old events, and is amber at one failure', () => {
    const flow = { correlationId: 'flow-1' };
    const events = [
      sspr(bob, 'Self-service password reset flow activity progress', 'failure', ago(HOUR), flow),
      sspr(bob, 'Reset password (self-service)', 'failure', ago(HOUR), flow),
      sspr(stranger, 'Reset password (self-service)', 'failure', ago(HOUR)),
      sspr(carol, 'Reset password (self-service)', 'failure', ago(30 * HOUR)),
    ];
    const r = resets(input({ users: people, ssprEvents: events }));
    expect(r).toMatchObject({ status: 'amber', value: 1 });
    expect(r.evidence.users).toEqual([
      'User 001 (Self-service password reset flow activity progress failed: FuzzyPolicyViolationInvalidPassword)',
    ]);
  });

  it('is red above the amber limit, counting blocks from SSPR as failures', () => {
    const events = [
      sspr(alice, 'Change password (self-service)', 'failure', ago(HOUR)),
      sspr(bob, 'Reset password (by admin)', 'failure', ago(2 * HOUR)),
      sspr(carol, 'Reset password (self-service)', 'failure', ago(3 * HOUR)),
      sspr(dave, 'Blocked from self-service password reset', 'success', ago(4 * HOUR)),
      sspr(eve, 'Unlock user account (self-service)', 'success', ago(4 * HOUR)),
    ];
    const r = resets(input({ users: people, ssprEvents: events }));
    expect(r).toMatchObject({ status: 'red', value: 4 });
    expect(r.evidence.users).toContain('User 003 (Blocked from self-service password reset)');
  });

  it('is amber when the audit log could not be read', () => {
    expect(resets(input({ users: people, ssprEvents: { error: 'Graph 429' } })).status).toBe('amber');
  });
});
