/**
 * The demo organisation as an Entra tenant: hybrid users synced by Entra Connect (with managers),
 * their hybrid-joined laptops, the groups, SSPR and admin reset audit events over the last days,
 * and authentication-method registration details for everyone (most SSPR-registered).
 */
import { joinerHireDate, pendingJoinerOf } from './joiner.js';
import {
  emptyGraphState,
  type GraphState,
  type SimDevice,
  type SimGraphUser,
  type SimRegistrationDetails,
} from '../graph/state.js';
import {
  adminReset,
  blockedThenUnlocked,
  failedChange,
  profileUpdate,
  selfServiceReset,
  type AuditIds,
} from './audits.js';
import type { OrgDevice } from './devices.js';
import { seedDeviceEvidence } from './evidence.js';
import type { Org } from './org.js';
import { AD_DOMAIN, type OrgPerson } from './people.js';
import type { Rng } from './rng.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface GraphApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

function graphUser(p: OrgPerson, now: Date): SimGraphUser {
  const [local = ''] = p.userPrincipalName.split('@');
  return {
    id: p.id,
    accountEnabled: true,
    displayName: p.displayName,
    givenName: p.givenName,
    surname: p.surname,
    userPrincipalName: p.userPrincipalName,
    mail: p.userPrincipalName,
    mailNickname: local,
    jobTitle: p.jobTitle,
    department: p.department,
    officeLocation: p.site,
    usageLocation: 'US',
    userType: 'Member',
    businessPhones: [],
    mobilePhone: null,
    preferredLanguage: 'en-US',
    createdDateTime: p.createdAt,
    lastPasswordChangeDateTime: p.lastPasswordChangeAt,
    onPremisesSyncEnabled: true,
    onPremisesSamAccountName: p.samAccountName,
    onPremisesDistinguishedName: `CN=${p.displayName},OU=Users,OU=${p.site},DC=${AD_DOMAIN.split('.').join(',DC=')}`,
    onPremisesImmutableId: p.immutableId,
    onPremisesDomainName: AD_DOMAIN,
    // Entra Connect syncs every 30 minutes.
    onPremisesLastSyncDateTime: new Date(now.getTime() - (now.getTime() % (30 * 60_000))).toISOString(),
    deletedDateTime: null,
  };
}

function graphDevice(d: OrgDevice): SimDevice {
  return {
    id: d.id,
    deviceId: d.deviceId,
    displayName: d.displayName,
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.26100.2314',
    trustType: 'ServerAd',
    approximateLastSignInDateTime: d.lastSeenAt,
    accountEnabled: true,
    isCompliant: true,
    isManaged: true,
    registrationDateTime: d.createdAt,
    // Hybrid joined (ServerAd): registered by the computer account, so no owner and no user (§5b).
    ownerIds: [],
    userIds: [],
  };
}

function registration(p: OrgPerson, isAdmin: boolean, now: Date): SimRegistrationDetails {
  const methods = [
    ...(p.mfaRegistered ? ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] : []),
    ...(p.ssprRegistered ? ['mobilePhone'] : []),
  ];
  return {
    id: p.id,
    userPrincipalName: p.userPrincipalName,
    userDisplayName: p.displayName,
    userType: 'member',
    isAdmin,
    isSsprRegistered: p.ssprRegistered,
    isSsprEnabled: true,
    isSsprCapable: p.ssprRegistered,
    isMfaRegistered: p.mfaRegistered,
    isMfaCapable: p.mfaRegistered,
    isPasswordlessCapable: false,
    lastUpdatedDateTime: new Date(now.getTime() - 3 * DAY).toISOString(),
    methodsRegistered: methods,
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: p.mfaRegistered ? ['push'] : [],
    userPreferredMethodForSecondaryAuthentication: p.mfaRegistered ? 'push' : '',
  };
}

/**
 * Password events over the last six days for about 5% of the people, plus three on purpose: a
 * self-service reset and a failed one in the last 24 hours (wave health), and an admin reset two
 * days ago for a user whose laptop has been offline for four (`resets`: "offline since the reset").
 */
function seedAudits(rng: Rng, org: Org, state: GraphState): void {
  const ids: AuditIds = { guid: () => rng.guid() };
  const now = org.now.getTime();
  const { itEngineer, itHead, offlineAfterReset, leaver } = org.roles;
  const fixed = new Set<OrgPerson>(Object.values(org.roles));
  const others = org.people.filter((p) => !fixed.has(p));
  const audits = [
    ...selfServiceReset(ids, new Date(now - 3 * HOUR), rng.pick(others)),
    ...selfServiceReset(ids, new Date(now - 5 * HOUR), rng.pick(others), false),
    ...adminReset(ids, new Date(now - 2 * DAY), itEngineer, offlineAfterReset),
    ...selfServiceReset(ids, new Date(now - 4 * DAY), leaver),
  ];
  const count = Math.max(6, Math.round(org.people.length * 0.05));
  for (let i = 0; i < count; i++) {
    const who = rng.pick(others);
    const at = new Date(now - rng.int(30 * HOUR, 6 * DAY));
    const scenario = rng.int(0, 4);
    if (scenario === 0) audits.push(...adminReset(ids, at, rng.chance(0.5) ? itEngineer : itHead, who));
    else if (scenario === 1) audits.push(...blockedThenUnlocked(ids, at, who));
    else if (scenario === 2) audits.push(...failedChange(ids, at, who));
    else if (scenario === 3) audits.push(...profileUpdate(ids, at, itHead, who));
    else audits.push(...selfServiceReset(ids, at, who, rng.chance(0.85)));
  }
  state.audits = audits
    .filter((a) => Date.parse(a.activityDateTime) <= now)
    .sort((a, b) => a.activityDateTime.localeCompare(b.activityDateTime));
}

export function seedGraph(rng: Rng, org: Org, app: GraphApp): GraphState {
  const state = emptyGraphState(app.tenantId, app.clientId, app.clientSecret);
  const approvers = new Set([org.roles.itHead.id]);
  for (const p of org.people) {
    state.users.set(p.id, graphUser(p, org.now));
    if (p.managerId) state.managers.set(p.id, p.managerId);
    state.registration.set(p.id, registration(p, approvers.has(p.id), org.now));
  }
  for (const d of org.devices) state.devices.set(d.id, graphDevice(d));
  for (const g of org.groups)
    state.groups.set(g.id, { ...g, memberIds: [...g.memberIds], securityEnabled: true, mailEnabled: false });
  seedAudits(rng, org, state);
  seedDeviceEvidence(org, state);
  const joiner = pendingJoinerOf(org);
  if (joiner) {
    state.users.get(joiner.id)!.employeeHireDate = joinerHireDate(org);
    state.managers.set(joiner.id, org.roles.manager.id);
  }
  return state;
}
