/**
 * The seeded organisation: deterministic from the seed, shaped like the deployment in DESIGN.md §1,
 * and consistent across the two simulators (an Entra laptop name is a NetBird peer hostname).
 */
import { describe, expect, it } from 'vitest';
import { decodeDexUserId } from '../../shared/netbird/ids.js';
import { seedDemo } from '../../local/demo/seed.js';
import { sharedLaptop } from '../../local/demo/seed/evidence.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const seed = seedDemo({ seed: 11, now: NOW });
const { org, netbird, graph } = seed;

const summary = (s: ReturnType<typeof seedDemo>) => ({
  people: s.org.people.map((p) => [p.id, p.userPrincipalName, p.managerId, p.department, p.site]),
  devices: s.org.devices.map((d) => [d.displayName, d.enrolment, d.connected]),
  peers: [...s.netbird.peers.values()].map((p) => [p.id, p.name, p.user_id, p.ip]),
  groups: [...s.netbird.groups.values()].map((g) => [g.id, g.name, [...g.peers]]),
  policies: s.netbird.policies,
  audits: s.graph.audits.map((a) => [a.id, a.activityDateTime]),
});

describe('seeded organisation', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(summary(seedDemo({ seed: 11, now: NOW }))).toEqual(summary(seed));
    expect(summary(seedDemo({ seed: 12, now: NOW })).people).not.toEqual(summary(seed).people);
  });

  it('has about 120 people with departments, first.last UPNs and a manager hierarchy under one CEO', () => {
    expect(org.people.length).toBeGreaterThanOrEqual(118);
    expect(org.people.length).toBeLessThanOrEqual(122);
    const byId = new Map(org.people.map((p) => [p.id, p]));
    const roots = org.people.filter((p) => !p.managerId);
    expect(roots).toEqual([org.roles.ceo]);
    for (const p of org.people) {
      expect(p.userPrincipalName).toMatch(/^[a-z]+\.[a-z]+\d*@contoso\.example$/);
      let hops = 0;
      for (let m = p; m.managerId; m = byId.get(m.managerId)!) expect(++hops).toBeLessThan(5); // no cycles, shallow
    }
    expect(new Set(org.people.map((p) => p.userPrincipalName)).size).toBe(org.people.length);
    expect(new Set(org.people.map((p) => p.department))).toEqual(
      new Set(['Executive', 'IT', 'Engineering', 'Finance', 'Sales', 'Operations', 'People', 'Legal']),
    );
    expect(new Set(org.people.map((p) => p.site))).toEqual(new Set(['Honolulu', 'Boulder']));
  });

  it('gives everyone a hybrid-joined laptop in Entra, named by site, with no owner (as real hybrid joins have)', () => {
    const names = new Map(org.devices.map((d) => [d.id, d]));
    for (const d of graph.devices.values()) {
      expect(d.trustType).toBe('ServerAd');
      expect([d.ownerIds, d.userIds]).toEqual([[], []]);
    }
    for (const p of org.people) {
      const mine = org.devices.filter((d) => d.ownerId === p.id);
      expect(mine.length).toBeGreaterThan(0);
      for (const d of mine) {
        expect(graph.devices.get(d.id)?.displayName).toBe(d.displayName);
        expect(d.displayName).toMatch(p.site === 'Honolulu' ? /^HNL-LT-\d{4}$/ : /^BDR-LT-\d{4}$/);
      }
    }
    expect(names.size).toBe(graph.devices.size);
  });

  it('names a primary user in Intune for the MDM-enrolled laptops (two in three) and records 30 days of sign-ins', () => {
    const mdm = graph.managedDevices;
    expect(mdm.length / org.devices.length).toBeGreaterThan(0.6);
    expect(mdm.length / org.devices.length).toBeLessThan(0.72);
    for (const m of mdm) expect(org.devices.find((d) => d.displayName === m.deviceName)?.ownerId).toBe(m.userId);
    const leaver = org.roles.leaver;
    const machineTunnel = org.devices.find((d) => d.ownerId === leaver.id && d.enrolment === 'setup-key')!;
    expect(mdm.some((m) => m.deviceName === machineTunnel.displayName && m.userId === leaver.id)).toBe(true);
    // The leaver also signs in on a colleague's MDM laptop: a shared laptop.
    const signedOn = new Set(
      graph.signIns.filter((s) => s.userId === leaver.id).map((s) => s.deviceDetail.displayName),
    );
    const shared = mdm.find((m) => signedOn.has(m.deviceName) && m.userId !== leaver.id);
    expect(shared).toBeDefined();
    expect(graph.signIns.every((s, i) => i === 0 || graph.signIns[i - 1]!.createdDateTime >= s.createdDateTime)).toBe(
      true,
    );
  });

  it('re-images the laptop the leaver shares (two peers, one hostname) and has a legacy route without access control', () => {
    const laptop = sharedLaptop(org)!;
    expect(laptop.ownerId).not.toBe(org.roles.leaver.id);
    const peers = [...netbird.peers.values()].filter((p) => p.hostname === laptop.displayName);
    expect(peers).toHaveLength(2);
    expect(peers.filter((p) => !p.connected)).toHaveLength(1);
    const legacy = netbird.routes.filter((r) => (r.access_control_groups ?? []).length === 0);
    expect(legacy.map((r) => r.network_id)).toEqual(['hnl-printers']);
    const laptops = [...netbird.groups.values()].find((g) => g.name === 'Laptops')!;
    expect(legacy[0]!.groups).toEqual([laptops.id]);
  });

  it('has NetBird users for most people, with embedded-IdP ids of their Entra oid', () => {
    const people = [...netbird.users.values()].filter((u) => !u.is_service_user);
    expect(people.length / org.people.length).toBeGreaterThan(0.8);
    expect(people.length).toBeLessThan(org.people.length);
    const connector = seed.settings.NETBIRD_IDP_CONNECTOR_ID;
    for (const u of people) {
      const subject = decodeDexUserId(u.id);
      expect(subject?.connectorId).toBe(connector);
      expect(graph.users.get(subject!.userId)?.userPrincipalName).toBe(u.email);
    }
  });

  it('enrols laptops with the setup key (empty user_id, Laptops group) and some with SSO (user_id set)', () => {
    const laptops = [...netbird.peers.values()].filter((p) => p.os.startsWith('Windows'));
    const entraNames = new Set([...graph.devices.values()].map((d) => d.displayName));
    const groupsOf = (id: string) =>
      [...netbird.groups.values()]
        .filter((g) => g.peers.has(id))
        .map((g) => g.name)
        .sort();
    const machine = laptops.filter((p) => p.user_id === '');
    const sso = laptops.filter((p) => p.user_id !== '');
    expect(machine.length).toBeGreaterThan(sso.length);
    expect(sso.length).toBeGreaterThan(5);
    for (const p of laptops) expect(entraNames.has(p.hostname)).toBe(true);
    for (const p of machine) expect(groupsOf(p.id)).toEqual(['All', 'Laptops']);
    for (const p of sso) {
      expect(netbird.users.has(p.user_id)).toBe(true);
      expect(groupsOf(p.id)).toEqual(expect.arrayContaining(['All']));
      expect(groupsOf(p.id).some((g) => g === 'General Users' || g === 'Engineers')).toBe(true);
    }
    const routers = [...netbird.peers.values()].filter((p) => !p.os.startsWith('Windows'));
    expect(routers.map((p) => [p.name, p.connected])).toEqual([
      ['hnl-router-01', true],
      ['bdr-router-01', true],
    ]);
  });

  it('has the fixed people the dev console offers', () => {
    const { itEngineer, manager, leaver, someoneElse, itHead } = org.roles;
    const group = (name: string) => org.groups.find((g) => g.displayName === name)!;
    expect(leaver.managerId).toBe(manager.id);
    expect(someoneElse.managerId).not.toBe(manager.id);
    expect(group('IT Operations').memberIds).toContain(itEngineer.id);
    expect(group('IT Leadership').memberIds).toEqual([itHead.id]);
    // The leaver is an approver through a nested group too (nobody decides their own case, SECURITY.md).
    expect(group('IT Approvers').memberIds).toEqual([
      group('IT Leadership').id,
      group('Finance Offboarding Delegates').id,
    ]);
    expect(group('Finance Offboarding Delegates').memberIds).toEqual([leaver.id]);
    for (const p of [manager, someoneElse, leaver]) expect(p.department).not.toBe('IT');
    const leaverDevices = org.devices.filter((d) => d.ownerId === leaver.id);
    expect(leaverDevices.map((d) => [d.enrolment, d.connected])).toEqual([
      ['setup-key', true],
      ['sso', true],
    ]);
  });

  it('describes itself in settings: sites, AD domain, IT groups and three pilot waves of Entra groups', () => {
    expect(JSON.parse(seed.settings.SITES!)).toEqual([
      { name: 'Honolulu', dcs: ['10.10.0.10', '10.10.0.11'], subnets: ['10.10.0.0/24'] },
      { name: 'Boulder', dcs: ['10.20.0.10'], subnets: ['10.20.0.0/24'] },
    ]);
    expect(seed.settings.AD_DNS_DOMAIN).toBe('corp.contoso.example');
    const waves = JSON.parse(seed.settings.WAVES!) as { name: string; members: { entraGroupId: string } }[];
    expect(waves).toHaveLength(3);
    for (const w of waves) expect(graph.groups.get(w.members.entraGroupId)?.memberIds.length).toBeGreaterThan(0);
    expect(graph.groups.has(seed.settings.IT_GROUP_ID!)).toBe(true);
    expect(graph.groups.has(seed.settings.IT_APPROVERS_GROUP_ID!)).toBe(true);
  });

  it('has password events over the last days, none in the future, and registration details for everyone', () => {
    const times = graph.audits.map((a) => Date.parse(a.activityDateTime));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...times)).toBeGreaterThan(NOW.getTime() - 8 * 86_400_000);
    const names = new Set(graph.audits.map((a) => a.activityDisplayName));
    for (const n of ['Reset password (self-service)', 'Reset password (by admin)', 'Reset user password'])
      expect(names.has(n)).toBe(true);
    expect(graph.registration.size).toBe(org.people.length);
    const registered = [...graph.registration.values()].filter((r) => r.isSsprRegistered).length / org.people.length;
    expect(registered).toBeGreaterThan(0.75);
  });

  it('builds the smallest organisation with every fixed person in place', () => {
    const small = seedDemo({ seed: 1, users: 30, peers: 5, now: NOW });
    const { leaver, manager, offlineAfterReset } = small.org.roles;
    expect(leaver.managerId).toBe(manager.id);
    const enrolled = (id: string) =>
      small.org.devices.filter((d) => d.ownerId === id && d.enrolment !== 'none').map((d) => d.enrolment);
    expect(enrolled(leaver.id)).toEqual(['setup-key', 'sso']);
    expect(enrolled(offlineAfterReset.id)).toEqual(['setup-key']);
    expect([...small.netbird.peers.values()].filter((p) => p.os.startsWith('Windows')).length).toBeLessThanOrEqual(8);
  });

  it('refuses a size it cannot build', () => {
    expect(() => seedDemo({ users: 5 })).toThrow(RangeError);
    expect(() => seedDemo({ users: 100, peers: -1 })).toThrow(RangeError);
  });
});
