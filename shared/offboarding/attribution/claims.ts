/**
 * Claims from each source, built from what was read (pure). Each names a hostname and says why.
 */
import type { Account, GraphDevice, ManagedDevice, SignIn } from '../../graph/index.js';
import { decodeDexUserId } from '../../netbird/index.js';
import type { IdpMode, NetBirdPeer, NetBirdUser } from '../../netbird/index.js';
import type { DeviceAssignment } from './assignments.js';
import type { Claim, Person } from './evidence.js';

/**
 * An Intune "primary user" of more devices than this is a shared enrolment account (a device
 * enrolment manager, a kiosk account), not a person with laptops: its devices are no evidence.
 */
export const MAX_PRIMARY_USER_DEVICES = 15;

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : 'unknown');
const lower = (s: string) => s.trim().toLowerCase();

export function assignmentClaims(
  rows: readonly DeviceAssignment[],
  userId: string,
  people: ReadonlyMap<string, Person>,
): Claim[] {
  return rows.map((a): Claim => {
    const detail = `assigned by IT (${a.by.name ?? a.by.aadObjectId}, ${day(a.at)})`;
    if (a.userId === userId.toLowerCase()) return { hostname: a.hostname, source: 'assignment', detail };
    return {
      hostname: a.hostname,
      source: 'assignment',
      detail,
      person: people.get(a.userId) ?? { name: a.name ?? a.upn ?? a.userId, entraId: a.userId, enabled: true },
    };
  });
}

/** The user's Intune devices: those whose primary user is the user (empty or another: no claim). */
export function intuneClaims(devices: readonly ManagedDevice[], userId: string): { claims: Claim[]; note?: string } {
  const own = devices.filter((d) => d.deviceName && (!d.userId || d.userId.toLowerCase() === userId.toLowerCase()));
  if (own.length > MAX_PRIMARY_USER_DEVICES) {
    return {
      claims: [],
      note: `Intune: the user is primary user of ${own.length} devices (a shared enrolment account?): not used as evidence`,
    };
  }
  return {
    claims: own.map((d) => ({
      hostname: lower(d.deviceName!),
      source: 'intune',
      detail: `Intune primary user (${d.deviceName}, last sync ${day(d.lastSyncDateTime)})`,
    })),
  };
}

/** Other people's Intune devices among the candidate hostnames (the laptop was re-issued). */
export function otherIntuneClaims(
  byName: ReadonlyMap<string, readonly ManagedDevice[]>,
  userId: string,
  people: ReadonlyMap<string, Person>,
): Claim[] {
  const out: Claim[] = [];
  for (const [hostname, devices] of byName) {
    for (const d of devices) {
      if (!d.userId || d.userId.toLowerCase() === userId.toLowerCase()) continue;
      const id = d.userId.toLowerCase();
      out.push({
        hostname,
        source: 'intune',
        detail: `Intune primary user (last sync ${day(d.lastSyncDateTime)})`,
        person: people.get(id) ?? { name: d.userPrincipalName ?? id, entraId: id, enabled: true },
      });
    }
  }
  return out;
}

export function signInClaims(signIns: readonly SignIn[]): Claim[] {
  const byName = new Map<string, { name: string; count: number; last: string }>();
  for (const s of signIns) {
    const name = s.deviceDetail?.displayName?.trim();
    if (!name) continue;
    const seen = byName.get(lower(name));
    if (seen) {
      seen.count++;
      if (s.createdDateTime > seen.last) seen.last = s.createdDateTime;
    } else byName.set(lower(name), { name, count: 1, last: s.createdDateTime });
  }
  return [...byName.entries()].map(([hostname, s]) => ({
    hostname,
    source: 'sign-in',
    detail: `${s.count} sign-in${s.count === 1 ? '' : 's'} on ${s.name} in 30 days, last ${day(s.last)}`,
  }));
}

export function entraClaims(devices: readonly GraphDevice[]): Claim[] {
  return devices
    .filter((d) => d.displayName?.trim())
    .map((d) => ({
      hostname: lower(d.displayName!),
      source: 'entra',
      detail: `hostname matches Entra device ${d.displayName!.trim()}`,
    }));
}

/**
 * SSO peers: a person who signs in to NetBird on a laptop leaves an SSO peer with its hostname, so
 * the leaver's SSO peers claim their hostnames for the leaver and other people's for them. Callers
 * pass only the peers that matter (the leaver's, or those on the candidate hostnames): a tenant has
 * 20,000 of them.
 */
export function ssoPeerClaims(
  peers: readonly NetBirdPeer[],
  users: ReadonlyMap<string, NetBirdUser>,
  leaverNetbirdId: string | undefined,
  idp: IdpMode,
  accounts: ReadonlyMap<string, Account | undefined>,
): Claim[] {
  const out: Claim[] = [];
  for (const p of peers) {
    if (!p.user_id || !p.hostname.trim()) continue;
    const detail = `SSO peer ${p.name || p.hostname} on the same hostname, last seen ${day(p.last_seen)}`;
    if (p.user_id === leaverNetbirdId) {
      out.push({ hostname: lower(p.hostname), source: 'sso-peer', detail });
      continue;
    }
    const user = users.get(p.user_id);
    if (!user || user.is_service_user) continue;
    out.push({ hostname: lower(p.hostname), source: 'sso-peer', detail, person: netbirdPerson(user, idp, accounts) });
  }
  return out;
}

/** The Entra object id behind a NetBird user: the Dex subject (embedded IdP) or the id itself (legacy). */
export function entraIdOf(user: Pick<NetBirdUser, 'id'>, idp: IdpMode): string | undefined {
  if (idp.mode === 'embedded') return decodeDexUserId(user.id)?.userId?.toLowerCase();
  return /^[0-9a-f-]{36}$/i.test(user.id) ? user.id.toLowerCase() : undefined;
}

function netbirdPerson(user: NetBirdUser, idp: IdpMode, accounts: ReadonlyMap<string, Account | undefined>): Person {
  const entraId = entraIdOf(user, idp);
  const account = entraId ? accounts.get(entraId) : undefined;
  const name = account?.displayName ?? (user.name || user.email || user.id);
  // Entra says whether the account is enabled; without it, NetBird's block is the best sign.
  const enabled = account
    ? account.accountEnabled !== false
    : entraId && accounts.has(entraId)
      ? false
      : !user.is_blocked;
  return { name, ...(entraId ? { entraId } : {}), enabled };
}
