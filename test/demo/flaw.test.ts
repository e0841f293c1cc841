/**
 * The deliberate flaw of the seeded network, found the way `tunnel` and `wave` find it: the app's
 * NetBird client reads the simulator, and shared/domain/dc-access judges the DC line of sight.
 * The UDP policy of General Users → Domain Controllers lacks 123 (NTP): broken at both sites; the
 * same network with 123 added (in a copy) is OK.
 */
import { describe, expect, it } from 'vitest';
import { assessGroups, assessPeer, type NetworkSnapshot } from '../../shared/domain/dc-access/index.js';
import { fetchDcContext, lookupPeers, withPeers, type NetBirdClient } from '../../shared/netbird/index.js';
import { useWorld, leaverLaptops } from './support.js';

const ctx = useWorld();

async function snapshotOf(netbird: NetBirdClient): Promise<NetworkSnapshot> {
  const networks = await Promise.all(
    (await netbird.listNetworks()).map(async (network) => ({
      network,
      routers: await netbird.listNetworkRouters(network.id),
      resources: await netbird.listNetworkResources(network.id),
    })),
  );
  const [peers, groups, policies, routes, nameserverGroups] = await Promise.all([
    netbird.listPeers(),
    netbird.listGroups(),
    netbird.listPolicies(),
    netbird.listRoutes(),
    netbird.listNameserverGroups(),
  ]);
  return { peers, groups, policies, networks, routes, nameserverGroups };
}

/** A peer's groups: every peer is in All too (the AD DNS match domain is distributed to All). */
const groupIds = (s: NetworkSnapshot, ...names: string[]) =>
  new Set(['All', ...names].map((n) => s.groups.find((g) => g.name === n)!.id));

function withNtp(snapshot: NetworkSnapshot): NetworkSnapshot {
  const fixed = structuredClone(snapshot);
  const udp = fixed.policies.find((p) => p.rules.some((r) => r.protocol === 'udp'))!;
  udp.rules[0]!.ports = [...(udp.rules[0]!.ports ?? []), '123'];
  return fixed;
}

describe('the seeded flaw', () => {
  it('leaves General Users and the setup-key laptops without NTP to the DCs: broken at both sites', async () => {
    const snapshot = await snapshotOf(ctx.services.netbirdRead);
    const { sites, adDnsDomain } = ctx.config;
    for (const groups of [groupIds(snapshot, 'General Users'), groupIds(snapshot, 'Laptops')]) {
      const result = assessGroups(groups, snapshot, sites, adDnsDomain);
      expect(result.verdict).toBe('broken');
      expect(result.reasons).toEqual([
        'Honolulu: no enabled policy opens UDP 123 (NTP)',
        'Boulder: no enabled policy opens UDP 123 (NTP)',
      ]);
      expect(result.sites.map((s) => s.routing.status)).toEqual(['ok', 'ok']);
      expect(result.dns.status).toBe('ok');
      expect(result.allToAllPolicies).toEqual([]);
    }
    // Engineers reach the whole LAN with every protocol: the flaw does not touch them.
    expect(assessGroups(groupIds(snapshot, 'Engineers'), snapshot, sites, adDnsDomain).verdict).toBe('ok');
  });

  it("shows on the leaver's machine tunnel too", async () => {
    const snapshot = await snapshotOf(ctx.services.netbirdRead);
    const names = leaverLaptops(ctx.world);
    const laptop = snapshot.peers.find((p) => p.user_id === '' && p.connected && names.includes(p.hostname))!;
    const result = assessPeer(laptop, snapshot, ctx.config.sites, ctx.config.adDnsDomain);
    expect(result.verdict).toBe('broken');
    expect(result.reasons.join('\n')).toContain('UDP 123 (NTP)');
  });

  it('is judged the same from the targeted reads `tunnel <device>` makes (name filter, DC context)', async () => {
    const full = await snapshotOf(ctx.services.netbirdRead);
    const names = leaverLaptops(ctx.world);
    const laptop = full.peers.find((p) => p.user_id === '' && p.connected && names.includes(p.hostname))!;
    const { exact } = await lookupPeers(ctx.services.netbirdRead, laptop.hostname.toLowerCase());
    expect(exact.map((p) => p.id)).toEqual([laptop.id]);
    const byIp = await lookupPeers(ctx.services.netbirdRead, laptop.ip);
    expect(byIp.exact.map((p) => p.id)).toEqual([laptop.id]);
    const context = await fetchDcContext(ctx.services.netbirdRead);
    expect(context.peers.length).toBeLessThan(full.peers.length / 10);
    const { sites, adDnsDomain } = ctx.config;
    expect(assessPeer(exact[0]!, withPeers(context, exact), sites, adDnsDomain)).toEqual(
      assessPeer(laptop, full, sites, adDnsDomain),
    );
  });

  it('is OK once the UDP policy opens 123 (a fixed copy)', async () => {
    const fixed = withNtp(await snapshotOf(ctx.services.netbirdRead));
    const result = assessGroups(
      groupIds(fixed, 'General Users', 'Laptops'),
      fixed,
      ctx.config.sites,
      ctx.config.adDnsDomain,
    );
    expect(result).toMatchObject({ verdict: 'ok', reasons: [] });
  });

  it('goes at risk when the Boulder routing peer is taken offline, and back when it returns', async () => {
    ctx.world.controls.setPeerConnected('bdr-router-01', false);
    try {
      const fixed = withNtp(await snapshotOf(ctx.services.netbirdRead));
      const result = assessGroups(groupIds(fixed, 'General Users'), fixed, ctx.config.sites, ctx.config.adDnsDomain);
      expect(result.verdict).toBe('at-risk');
      expect(result.reasons).toEqual(['Boulder: routing peer bdr-router-01 not connected']);
    } finally {
      ctx.world.controls.setPeerConnected('BDR-ROUTER-01', true);
    }
    const fixed = withNtp(await snapshotOf(ctx.services.netbirdRead));
    expect(
      assessGroups(groupIds(fixed, 'General Users'), fixed, ctx.config.sites, ctx.config.adDnsDomain).verdict,
    ).toBe('ok');
  });
});
