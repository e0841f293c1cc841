/**
 * The seed's access design in NetBird (DESIGN.md §1, seeds/000 §7): groups, policies, networks
 * with routing peers and DC resources, the AD DNS match domain, setup keys.
 *
 * General Users → Domain Controllers on the AD ports is three policies, because NetBird 0.77 keeps
 * one rule per policy and a rule takes one protocol and either `ports` or `port_ranges`:
 * TCP ports, TCP RPC dynamic range, UDP ports. Setup-key laptops (group Laptops) are sources too:
 * their machine tunnel is what reaches a DC at the login screen. Engineers → Full LAN, all
 * protocols. The default All→All policy is kept but disabled.
 *
 * THE DELIBERATE FLAW: the UDP policy lacks 123 (NTP). Kerberos needs the clocks of client and DC
 * within 5 minutes, and Windows syncs its clock from the DC over NTP, so a laptop that only ever
 * reaches the DCs through the tunnel drifts until sign-ins fail. `tunnel` and `wave` should find
 * it: "no enabled policy opens UDP 123 (NTP)" (shared/domain/dc-access).
 */
import type { components } from '../../../shared/netbird/generated/openapi.js';
import type { NetBirdState, SimGroup, SimNetwork, SimPolicy, SimResource, SimRule } from '../netbird/state.js';
import type { Rng } from './rng.js';

type Schemas = components['schemas'];

export const DC_TCP_PORTS = ['53', '88', '135', '389', '445', '464', '636', '3268', '3269', '9389'];
/** 123 (NTP) is missing on purpose: the seeded flaw (see the header). */
export const DC_UDP_PORTS_WITH_FLAW = ['53', '88', '389', '464'];

export const SITE_NETWORKS = [
  { site: 'Honolulu', code: 'hnl', dcs: ['10.10.0.10', '10.10.0.11'], dcSubnet: '10.10.0.0/24', lan: '10.10.0.0/16' },
  { site: 'Boulder', code: 'bdr', dcs: ['10.20.0.10'], dcSubnet: '10.20.0.0/24', lan: '10.20.0.0/16' },
] as const;

export type GroupKey = 'all' | 'users' | 'engineers' | 'laptops' | 'dcs' | 'lan' | 'routersHnl' | 'routersBdr';

export function seedGroups(rng: Rng): Record<GroupKey, SimGroup> {
  const g = (name: string, issued: SimGroup['issued'] = 'api'): SimGroup => ({
    id: rng.xid(),
    name,
    issued,
    peers: new Set(),
    resources: [],
  });
  return {
    all: g('All'),
    users: g('General Users', 'jwt'),
    engineers: g('Engineers', 'jwt'),
    laptops: g('Laptops'),
    dcs: g('Domain Controllers'),
    lan: g('Full LAN'),
    routersHnl: g('Routing Peers Honolulu'),
    routersBdr: g('Routing Peers Boulder'),
  };
}

function rule(
  id: string,
  name: string,
  protocol: SimRule['protocol'],
  sources: SimGroup[],
  destinations: SimGroup[],
  extra: Partial<SimRule> = {},
): SimRule {
  return {
    id,
    name,
    description: '',
    enabled: true,
    action: 'accept',
    bidirectional: false,
    protocol,
    sources: sources.map((s) => s.id),
    destinations: destinations.map((d) => d.id),
    ...extra,
  };
}

function policy(rng: Rng, name: string, description: string, make: (id: string) => SimRule, enabled = true): SimPolicy {
  const id = rng.xid();
  const r = make(id);
  r.enabled = enabled;
  return { id, name, description, enabled, source_posture_checks: [], rules: [r] };
}

export function seedPolicies(rng: Rng, g: Record<GroupKey, SimGroup>): SimPolicy[] {
  const users = [g.users, g.laptops];
  return [
    policy(
      rng,
      'Default',
      'This is a default rule that allows connections between all the resources',
      (id) => rule(id, 'Default', 'all', [g.all], [g.all], { bidirectional: true }),
      false,
    ),
    policy(rng, 'General Users to DCs (TCP)', 'AD ports over TCP', (id) =>
      rule(id, 'General Users to DCs (TCP)', 'tcp', users, [g.dcs], { ports: DC_TCP_PORTS }),
    ),
    policy(rng, 'General Users to DCs (RPC dynamic)', 'RPC dynamic ports 49152-65535', (id) =>
      rule(id, 'General Users to DCs (RPC dynamic)', 'tcp', users, [g.dcs], {
        port_ranges: [{ start: 49152, end: 65535 }],
      }),
    ),
    policy(rng, 'General Users to DCs (UDP)', 'AD ports over UDP', (id) =>
      rule(id, 'General Users to DCs (UDP)', 'udp', users, [g.dcs], { ports: DC_UDP_PORTS_WITH_FLAW }),
    ),
    policy(rng, 'Engineers to LAN', 'Engineers reach the whole LAN at both sites', (id) =>
      rule(id, 'Engineers to LAN', 'all', [g.engineers], [g.lan]),
    ),
  ];
}

export function seedNetworks(rng: Rng, g: Record<GroupKey, SimGroup>): SimNetwork[] {
  return SITE_NETWORKS.map((site) => {
    const resource = (name: string, address: string, groups: SimGroup[]): SimResource => ({
      id: rng.xid(),
      type: 'subnet',
      name,
      description: '',
      address,
      enabled: true,
      groups: groups.map((x) => x.id),
    });
    const dcs = resource(`${site.site} DC subnet`, site.dcSubnet, [g.dcs, g.lan]);
    const lan = resource(`${site.site} LAN`, site.lan, [g.lan]);
    const routers = site.code === 'hnl' ? g.routersHnl : g.routersBdr;
    // A group lists its resources too (Group.resources), so both sides agree.
    for (const r of [dcs, lan])
      for (const grp of [g.dcs, g.lan]) if (r.groups.includes(grp.id)) grp.resources.push({ id: r.id, type: r.type });
    return {
      id: rng.xid(),
      name: site.site,
      description: `${site.site} office: DCs ${site.dcs.join(', ')}`,
      routers: [{ id: rng.xid(), peer_groups: [routers.id], metric: 9999, masquerade: true, enabled: true }],
      resources: [dcs, lan],
    };
  });
}

export function seedNameservers(
  rng: Rng,
  g: Record<GroupKey, SimGroup>,
  adDomain: string,
): Schemas['NameserverGroup'][] {
  return [
    {
      id: rng.xid(),
      name: 'AD DNS',
      description: `${adDomain} to the domain controllers`,
      nameservers: SITE_NETWORKS.flatMap((s) => s.dcs)
        .slice(0, 3)
        .map((ip) => ({ ip, ns_type: 'udp' as const, port: 53 })),
      enabled: true,
      groups: [g.all.id],
      primary: false,
      domains: [adDomain],
      search_domains_enabled: false,
    },
  ];
}

export function seedSetupKeys(
  rng: Rng,
  g: Record<GroupKey, SimGroup>,
  laptopKeyUses: number,
  now: Date,
): Schemas['SetupKey'][] {
  const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
  const key = (name: string, autoGroups: string[], used: number, type: string): Schemas['SetupKey'] => ({
    id: String(rng.int(1_000_000_000, 4_000_000_000)),
    key: `${rng.xid().slice(0, 5).toUpperCase()}****`,
    name,
    expires: day(200),
    type,
    valid: true,
    revoked: false,
    used_times: used,
    last_used: day(-rng.int(1, 20)),
    state: 'valid',
    auto_groups: autoGroups,
    updated_at: day(-160),
    usage_limit: 0,
    ephemeral: false,
    allow_extra_dns_labels: false,
  });
  return [
    key('Laptops (SYSTEM service)', [g.laptops.id], laptopKeyUses, 'reusable'),
    key('Routing peers', [], 2, 'reusable'),
  ];
}

export function emptyState(): NetBirdState {
  return {
    users: new Map(),
    peers: new Map(),
    groups: new Map(),
    policies: [],
    networks: [],
    routes: [],
    nameserverGroups: [],
    setupKeys: [],
    events: [],
    tokens: new Map(),
  };
}
