/**
 * The whole demo organisation as plain data, before either simulator sees it: people, laptops,
 * Entra groups (IT, IT approvers, the three pilot waves) and the fixed people the dev console
 * offers as "who am I". Both simulators are seeded from this one truth, so an Entra device name
 * and a NetBird peer hostname always agree.
 */
import { DeviceBuilder, type Enrolment, type OrgDevice } from './devices.js';
import { buildHierarchy, type OrgPerson } from './people.js';
import type { Rng } from './rng.js';

export interface OrgGroup {
  id: string;
  displayName: string;
  description: string;
  /** People or nested group ids. */
  memberIds: string[];
}

export interface OrgRoles {
  ceo: OrgPerson;
  /** IT manager: the IT approvers group (through the nested IT Leadership group). */
  itHead: OrgPerson;
  /** In the IT group (may run commands), not an approver. */
  itEngineer: OrgPerson;
  /** A team manager outside IT, not an approver. */
  manager: OrgPerson;
  /**
   * The manager's report with a setup-key laptop (machine tunnel up) and an SSO peer; also an IT
   * approver through the nested Finance Offboarding Delegates group (and still refused on their own case).
   */
  leaver: OrgPerson;
  /** Neither IT nor the leaver's manager. */
  someoneElse: OrgPerson;
  /** Laptop offline for days: a recent admin reset has not reached it (the `resets` story). */
  offlineAfterReset: OrgPerson;
}

export interface Org {
  now: Date;
  people: OrgPerson[];
  devices: OrgDevice[];
  groups: OrgGroup[];
  roles: OrgRoles;
  itGroupId: string;
  itApproversGroupId: string;
  waves: { name: string; groupId: string; plannedStart?: string }[];
  /** GROUP_MAP for group drift: the synced Entra groups → the NetBird groups of the same name. */
  groupMap: Record<string, string>;
  /** Moved from Engineering to a General Users department in Entra; NetBird still says Engineers. */
  mover: OrgPerson | undefined;
}

export interface OrgOptions {
  users: number;
  /** Laptops enrolled in NetBird (routing peers not counted). */
  peers: number;
}

function pickRoles(h: ReturnType<typeof buildHierarchy>): Omit<OrgRoles, 'offlineAfterReset'> {
  const people = h.people;
  const itHead = h.heads.get('IT')!;
  const reportsOf = (id: string) => people.filter((p) => p.managerId === id);
  const isManager = (p: OrgPerson) => people.some((q) => q.managerId === p.id);
  const itEngineer = reportsOf(itHead.id)[0]!;
  // The first Finance team manager with a report, else the Finance head.
  const manager =
    (h.teamManagers.get('Finance') ?? []).find((m) => reportsOf(m.id).length > 0) ?? h.heads.get('Finance')!;
  const leaver = reportsOf(manager.id).find((p) => !isManager(p)) ?? reportsOf(manager.id)[0]!;
  const someoneElse = people.find((p) => p.department === 'Sales' && !isManager(p) && p.managerId !== manager.id)!;
  return { ceo: h.ceo, itHead, itEngineer, manager, leaver, someoneElse };
}

function enrolDevices(
  rng: Rng,
  now: Date,
  people: OrgPerson[],
  roles: Omit<OrgRoles, 'offlineAfterReset'>,
  peers: number,
) {
  const b = new DeviceBuilder(rng, now);
  const fixed = new Set<OrgPerson>(Object.values(roles));
  const primaries = new Map<string, OrgDevice>();
  people.forEach((person, i) => {
    if (fixed.has(person)) person.hasNetBirdUser = true;
    let enrolment: Enrolment = 'none';
    if (person === roles.leaver) enrolment = 'setup-key';
    else if (i < peers) enrolment = person.hasNetBirdUser && rng.chance(0.2) ? 'sso' : 'setup-key';
    primaries.set(person.id, b.laptop(person, enrolment));
  });
  b.online(primaries.get(roles.leaver.id)!);
  // Second laptops, enrolled with the user's SSO login; the leaver always has one.
  const extra = Math.max(1, peers - people.length);
  b.online(b.laptop(roles.leaver, 'sso'));
  const candidates = people.filter((p) => p.hasNetBirdUser && p !== roles.leaver);
  for (let i = 1; i < extra && candidates.length > 0; i++) b.laptop(rng.pick(candidates), 'sso');
  // Someone whose machine tunnel has been down for four days (offline since before their reset).
  const others = people.filter((p) => !fixed.has(p));
  const offline = others.find((p) => primaries.get(p.id)?.enrolment === 'setup-key') ?? others[0]!;
  const laptop = primaries.get(offline.id)!;
  laptop.enrolment = 'setup-key';
  b.offlineSince(laptop, 4);
  return { devices: b.devices, offlineAfterReset: offline };
}

function entraGroups(rng: Rng, now: Date, people: OrgPerson[], roles: OrgRoles) {
  const group = (displayName: string, description: string, memberIds: string[]): OrgGroup => ({
    id: rng.guid(),
    displayName,
    description,
    memberIds,
  });
  const ids = (list: OrgPerson[]) => list.map((p) => p.id);
  const it = people.filter((p) => p.department === 'IT');
  const leadership = group('IT Leadership', 'IT management', [roles.itHead.id]);
  const itGroup = group('IT Operations', 'May run the NetBird Entra Ops commands in Teams', ids(it));
  // The leaver is an approver too, through a nested group (a real tenant's helpdesk lead): the
  // console shows that nobody decides their own case, whatever groups they are in.
  const delegates = group('Finance Offboarding Delegates', 'May approve offboardings for Finance', [roles.leaver.id]);
  const approvers = group('IT Approvers', 'May approve any offboarding', [leadership.id, delegates.id]);
  const notIt = people.filter((p) => p.department !== 'IT' && p !== roles.ceo);
  const hnlFinance = group(
    'Finance Honolulu',
    'Finance staff in Honolulu',
    ids(notIt.filter((p) => p.site === 'Honolulu' && p.department === 'Finance')),
  );
  const pick = (site: string, share: number) =>
    ids(notIt.filter((p) => p.site === site && p.department !== 'Finance' && rng.chance(share)));
  const wave1 = group('NetBird Pilot 1 - IT', 'Pilot wave 1', ids(it));
  const wave2 = group('NetBird Pilot 2 - Honolulu', 'Pilot wave 2 (Finance Honolulu nested)', [
    hnlFinance.id,
    ...pick('Honolulu', 0.1),
  ]);
  const wave3 = group('NetBird Pilot 3 - Boulder', 'Pilot wave 3', pick('Boulder', 0.15));
  // The group-drift story: one engineer (not in a fixed role) moved department in Entra, and
  // NetBird, which only syncs groups at an SSO login, still gives them and their laptop Engineers.
  const fixed = new Set(Object.values(roles));
  const mover = notIt.find((p) => p.netbirdGroup === 'Engineers' && !fixed.has(p));
  const entraGroupOf = (p: OrgPerson) => (p === mover ? 'General Users' : p.netbirdGroup);
  const synced = (name: 'General Users' | 'Engineers') =>
    group(name, `Synced to NetBird as the "${name}" group`, ids(people.filter((p) => entraGroupOf(p) === name)));
  const syncedUsers = synced('General Users');
  const syncedEngineers = synced('Engineers');
  const day = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return {
    groups: [leadership, delegates, itGroup, approvers, hnlFinance, wave1, wave2, wave3, syncedUsers, syncedEngineers],
    groupMap: { [syncedUsers.id]: 'General Users', [syncedEngineers.id]: 'Engineers' },
    mover,
    itGroupId: itGroup.id,
    itApproversGroupId: approvers.id,
    waves: [
      { name: 'Pilot 1 - IT', groupId: wave1.id },
      { name: 'Pilot 2 - Honolulu', groupId: wave2.id, plannedStart: day(7) },
      { name: 'Pilot 3 - Boulder', groupId: wave3.id, plannedStart: day(21) },
    ],
  };
}

export function buildOrg(rng: Rng, now: Date, options: OrgOptions): Org {
  const hierarchy = buildHierarchy(rng, now, options.users);
  const partial = pickRoles(hierarchy);
  const { devices, offlineAfterReset } = enrolDevices(rng, now, hierarchy.people, partial, options.peers);
  const roles: OrgRoles = { ...partial, offlineAfterReset };
  const groups = entraGroups(rng, now, hierarchy.people, roles);
  return { now, people: hierarchy.people, devices, roles, ...groups };
}
