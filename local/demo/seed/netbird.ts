/**
 * The demo organisation as a NetBird account: a NetBird user for everyone who has signed in (an
 * embedded-IdP id: Dex's encoding of the Entra oid and the connector id), two service users with
 * their tokens (an `auditor` that reads, an `admin` that offboards), laptops enrolled with the
 * setup key (empty `user_id`, hostname = the Entra device name, group Laptops) or with the user's
 * SSO login (`user_id` set, the user's JWT group), the routing peers, and the access design of
 * netbird-access.ts.
 */
import { randomBytes } from 'node:crypto';
import { encodeDexUserId } from '../../../shared/netbird/ids.js';
import { appendEvent } from '../netbird/audit.js';
import type { NetBirdState, SimPeer, SimUser } from '../netbird/state.js';
import type { OrgDevice } from './devices.js';
import { sharedLaptop } from './evidence.js';
import { pendingJoinerOf } from './joiner.js';
import type { Org } from './org.js';
import type { OrgPerson } from './people.js';
import { AD_DOMAIN } from './people.js';
import {
  emptyState,
  seedGroups,
  seedNameservers,
  seedNetworks,
  seedPolicies,
  seedSetupKeys,
  type GroupKey,
} from './netbird-access.js';
import type { Rng } from './rng.js';

export interface NetBirdSeed {
  state: NetBirdState;
  readToken: string;
  adminToken: string;
}

const CITY = {
  Honolulu: { geoname_id: 5856195, city_name: 'Honolulu', publicNet: '203.0.113' },
  Boulder: { geoname_id: 5574991, city_name: 'Boulder', publicNet: '198.51.100' },
} as const;

/** A token shaped like a NetBird PAT (`nbp_` and 36 characters); random, never from the seed. */
function newToken(): string {
  return `nbp_${randomBytes(27).toString('base64url')}`;
}

function netbirdUser(
  person: OrgPerson,
  connectorId: string,
  role: string,
  autoGroups: string[],
  lastLogin: string,
): SimUser {
  return {
    id: encodeDexUserId({ userId: person.id, connectorId }),
    email: person.userPrincipalName,
    name: person.displayName,
    role,
    status: 'active',
    last_login: lastLogin,
    auto_groups: autoGroups,
    is_current: false,
    is_service_user: false,
    is_blocked: false,
    pending_approval: false,
    issued: 'api',
    idp_id: connectorId,
  };
}

function serviceUser(rng: Rng, name: string, role: string): SimUser {
  return {
    id: rng.xid(),
    email: '',
    name,
    role,
    status: 'active',
    auto_groups: [],
    is_current: false,
    is_service_user: true,
    is_blocked: false,
    pending_approval: false,
    issued: 'api',
  };
}

class PeerFactory {
  private n = 0;
  constructor(private readonly rng: Rng) {}

  make(
    over: Pick<
      SimPeer,
      | 'name'
      | 'connected'
      | 'last_seen'
      | 'os'
      | 'kernel_version'
      | 'version'
      | 'user_id'
      | 'created_at'
      | 'login_expired'
    > & { site: 'Honolulu' | 'Boulder' },
  ): SimPeer {
    const i = ++this.n + 1;
    const { site, ...fields } = over;
    const city = CITY[site];
    const sso = fields.user_id !== '';
    return {
      id: this.rng.xid(),
      hostname: fields.name,
      ip: `100.92.${(i >> 8) & 255}.${i & 255}`,
      connection_ip: `${city.publicNet}.${this.rng.int(2, 254)}`,
      geoname_id: city.geoname_id,
      ssh_enabled: false,
      ui_version: fields.os.startsWith('Windows') ? `netbird-desktop-ui/${fields.version}` : '',
      dns_label: `${fields.name.toLowerCase()}.netbird.selfhosted`,
      login_expiration_enabled: sso,
      last_login: sso ? fields.last_seen : fields.created_at,
      inactivity_expiration_enabled: false,
      approval_required: false,
      country_code: 'US',
      city_name: city.city_name,
      serial_number: `PF${this.rng.xid().slice(2, 10).toUpperCase()}`,
      extra_dns_labels: [],
      ephemeral: false,
      ...fields,
    };
  }
}

function laptopPeer(factory: PeerFactory, d: OrgDevice, userId: string): SimPeer {
  return factory.make({
    name: d.displayName,
    site: d.site,
    connected: d.connected,
    last_seen: d.lastSeenAt,
    os: 'Windows 11',
    kernel_version: '10.0.26100',
    version: d.netbirdVersion,
    user_id: d.enrolment === 'sso' ? userId : '',
    created_at: d.createdAt,
    login_expired: d.loginExpired,
  });
}

function routingPeer(factory: PeerFactory, name: string, site: 'Honolulu' | 'Boulder', now: Date): SimPeer {
  return factory.make({
    name,
    site,
    connected: true,
    last_seen: new Date(now.getTime() - 30_000).toISOString(),
    os: 'Ubuntu 24.04.1 LTS',
    kernel_version: '6.8.0-49-generic',
    version: '0.77.1',
    user_id: '',
    created_at: new Date(now.getTime() - 200 * 86_400_000).toISOString(),
    login_expired: false,
  });
}

export function seedNetBird(rng: Rng, org: Org, connectorId: string): NetBirdSeed {
  const state = emptyState();
  const g = seedGroups(rng);
  for (const group of Object.values(g)) state.groups.set(group.id, group);

  const read = serviceUser(rng, 'netbird-entra-ops (read-only)', 'auditor');
  const admin = serviceUser(rng, 'netbird-entra-ops', 'admin');
  const readToken = newToken();
  const adminToken = newToken();
  state.tokens.set(readToken, read.id).set(adminToken, admin.id);
  for (const u of [read, admin]) state.users.set(u.id, u);

  const nbUsers = new Map<string, SimUser>();
  for (const person of org.people.filter((p) => p.hasNetBirdUser)) {
    const role = person === org.roles.itHead ? 'owner' : person.department === 'IT' ? 'admin' : 'user';
    const jwtGroup: GroupKey = person.netbirdGroup === 'Engineers' ? 'engineers' : 'users';
    const lastLogin = new Date(org.now.getTime() - rng.int(1, 30 * 24) * 3_600_000).toISOString();
    const user = netbirdUser(person, connectorId, role, [g[jwtGroup].id], lastLogin);
    nbUsers.set(person.id, user);
    state.users.set(user.id, user);
  }

  const factory = new PeerFactory(rng);
  const owners = new Map(org.people.map((p) => [p.id, p]));
  let setupKeyUses = 0;
  for (const device of org.devices) {
    if (device.enrolment === 'none') continue;
    const owner = owners.get(device.ownerId)!;
    const peer = laptopPeer(factory, device, nbUsers.get(owner.id)?.id ?? '');
    state.peers.set(peer.id, peer);
    g.all.peers.add(peer.id);
    if (device.enrolment === 'setup-key') {
      g.laptops.peers.add(peer.id);
      setupKeyUses++;
    } else {
      g[owner.netbirdGroup === 'Engineers' ? 'engineers' : 'users'].peers.add(peer.id);
    }
  }
  for (const [name, site, group] of [
    ['hnl-router-01', 'Honolulu', g.routersHnl],
    ['bdr-router-01', 'Boulder', g.routersBdr],
  ] as const) {
    const peer = routingPeer(factory, name, site, org.now);
    state.peers.set(peer.id, peer);
    g.all.peers.add(peer.id);
    group.peers.add(peer.id);
  }

  state.policies = seedPolicies(rng, g);
  state.networks = seedNetworks(rng, g);
  state.nameserverGroups = seedNameservers(rng, g, AD_DOMAIN);
  state.setupKeys = seedSetupKeys(rng, g, setupKeyUses, org.now);
  seedHistory(state, org, nbUsers);
  seedRealTenantQuirks(state, factory, org, g);
  seedPendingJoiner(state, org, connectorId, g);
  return { state, readToken, adminToken };
}

/**
 * The pending joiner (seed/joiner.ts): joined through domain matching with user approval on, so
 * NetBird holds them blocked with `pending_approval` until someone approves; their auto group is
 * their department's JWT group. Added last, without the random generator.
 */
function seedPendingJoiner(state: NetBirdState, org: Org, connectorId: string, g: ReturnType<typeof seedGroups>): void {
  const person = pendingJoinerOf(org);
  if (!person) return;
  const user = netbirdUser(
    person,
    connectorId,
    'user',
    [g[person.netbirdGroup === 'Engineers' ? 'engineers' : 'users'].id],
    org.now.toISOString(),
  );
  Object.assign(user, { pending_approval: true, is_blocked: true, status: 'blocked' });
  state.users.set(user.id, user);
  appendEvent(
    state,
    new Date(org.now.getTime() - 10 * 60_000),
    { id: user.id, name: user.name, email: user.email },
    'user.join',
    user.id,
    { name: user.name, email: user.email },
  );
}

/** A little audit history: the UDP policy edit that introduced the flaw, and recent enrolments. */
function seedHistory(state: NetBirdState, org: Org, nbUsers: Map<string, SimUser>): void {
  const initiator = (u: SimUser | undefined) => ({ id: u?.id ?? '', name: u?.name ?? '', email: u?.email ?? '' });
  const itHead = initiator(nbUsers.get(org.roles.itHead.id));
  const udp = state.policies.find((p) => p.name.endsWith('(UDP)'))!;
  const history: Parameters<typeof appendEvent>[] = [
    [state, new Date(org.now.getTime() - 9 * 86_400_000), itHead, 'policy.update', udp.id, { name: udp.name }],
  ];
  // A policy change by a person a quarter of an hour ago: the activity feed's first run (the last
  // hour) posts it to the IT channel on `npm start` (issue 14).
  const watched = state.policies.find((p) => p.id !== udp.id) ?? udp;
  history.push([
    state,
    new Date(org.now.getTime() - 15 * 60_000),
    itHead,
    'policy.update',
    watched.id,
    { name: watched.name },
  ]);
  const recent = [...state.peers.values()]
    .filter((p) => p.os.startsWith('Windows'))
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .slice(-5);
  for (const peer of recent) {
    const meta = { name: peer.name, ip: peer.ip, fqdn: peer.dns_label };
    history.push(
      peer.user_id
        ? [state, new Date(peer.created_at), initiator(state.users.get(peer.user_id)), 'peer.user.add', peer.id, meta]
        : [state, new Date(peer.created_at), itHead, 'peer.setupkey.add', peer.id, meta],
    );
  }
  history.sort((a, b) => a[1].getTime() - b[1].getTime());
  for (const args of history) appendEvent(...args);
}

/**
 * Two things real networks have that policies alone do not show (DESIGN.md §5b), added last so the
 * seeded values before them stay as they were: the laptop the leaver shares with a colleague
 * re-imaged (its old peer, same hostname, offline for 40 days, still in Laptops), and a legacy route to the Honolulu printers'
 * subnet distributed to Laptops without access-control groups (it needs no policy).
 */
function seedRealTenantQuirks(
  state: NetBirdState,
  factory: PeerFactory,
  org: Org,
  g: ReturnType<typeof seedGroups>,
): void {
  const laptop = sharedLaptop(org);
  if (laptop) {
    const old = laptopPeer(
      factory,
      { ...laptop, connected: false, lastSeenAt: new Date(org.now.getTime() - 40 * 86_400_000).toISOString() },
      '',
    );
    state.peers.set(old.id, old);
    g.all.peers.add(old.id);
    g.laptops.peers.add(old.id);
  }
  state.routes.push({
    id: 'ctv0legacyprinters0hnl',
    network_id: 'hnl-printers',
    description: 'Honolulu printers (legacy route, no access control)',
    enabled: true,
    peer_groups: [g.routersHnl.id],
    network: '10.10.50.0/24',
    network_type: 'IPv4',
    metric: 9999,
    masquerade: true,
    groups: [g.laptops.id],
    keep_route: true,
    access_control_groups: [],
  });
}
