/**
 * What a real hybrid tenant has about whose laptop is whose (DESIGN.md §5b), since its hybrid-joined
 * laptops have no Entra owner: Intune managed devices with a primary user for the MDM-enrolled
 * ones (two in three, and the leaver's machine-tunnel laptop), and 30 days of interactive sign-ins
 * on each person's laptops. One colleague's MDM laptop is also used by the leaver (sign-ins only):
 * a shared laptop the approver must decide. Deterministic from the org, with no draw from the seed's
 * random stream, so every other seeded value stays as it was.
 */
import type { GraphState, SimSignIn } from '../graph/state.js';
import type { OrgDevice } from './devices.js';
import type { Org } from './org.js';
import type { OrgPerson } from './people.js';

const DAY = 86_400_000;

const numberOf = (d: OrgDevice) => Number(/(\d+)$/.exec(d.displayName)?.[1] ?? 0);

/** Two in three laptops are MDM-enrolled; the leaver's machine-tunnel laptop always is. */
export function isMdmEnrolled(d: OrgDevice, org: Org): boolean {
  if (d.ownerId === org.roles.leaver.id && d.enrolment === 'setup-key') return true;
  return numberOf(d) % 3 !== 0;
}

/** The colleague's laptop the leaver also signs in on: the first other MDM setup-key laptop. */
export function sharedLaptop(org: Org): OrgDevice | undefined {
  const fixed = new Set<string>(Object.values(org.roles).map((p: OrgPerson) => p.id));
  return org.devices.find((d) => !fixed.has(d.ownerId) && d.enrolment === 'setup-key' && isMdmEnrolled(d, org));
}

export function seedDeviceEvidence(org: Org, state: GraphState): void {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const now = org.now.getTime();
  const signIns: SimSignIn[] = [];
  const signIn = (userId: string, d: OrgDevice, daysAgo: number) => {
    const user = people.get(userId)!;
    signIns.push({
      id: `${d.deviceId.slice(0, 8)}-${userId.slice(0, 8)}-${daysAgo}`,
      createdDateTime: new Date(now - daysAgo * DAY - numberOf(d) * 60_000).toISOString(),
      userId,
      userPrincipalName: user.userPrincipalName,
      appDisplayName: 'Windows Sign In',
      isInteractive: true,
      deviceDetail: {
        deviceId: d.deviceId,
        displayName: d.displayName,
        operatingSystem: 'Windows10',
        browser: '',
        isCompliant: true,
        isManaged: true,
        trustType: 'Hybrid Azure AD joined',
      },
    });
  };
  for (const d of org.devices) {
    const owner = people.get(d.ownerId)!;
    if (isMdmEnrolled(d, org)) {
      state.managedDevices.push({
        id: `md-${d.deviceId}`,
        deviceName: d.displayName,
        userId: owner.id,
        userPrincipalName: owner.userPrincipalName,
        azureADDeviceId: d.deviceId,
        lastSyncDateTime: d.lastSeenAt,
        operatingSystem: 'Windows',
        managedDeviceOwnerType: 'company',
      });
    }
    signIn(owner.id, d, 1 + (numberOf(d) % 5));
    signIn(owner.id, d, 8 + (numberOf(d) % 7));
  }
  const shared = sharedLaptop(org);
  if (shared) for (const daysAgo of [2, 6, 12]) signIn(org.roles.leaver.id, shared, daysAgo);
  state.signIns = signIns.sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
}
