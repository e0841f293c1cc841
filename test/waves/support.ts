/**
 * Builders for the wave tests: a check input over the seed's network (test/fixtures/network.ts),
 * with the wave's peers and users chosen per test, default thresholds, and report data.
 */
import { waveSchema, waveThresholdsSchema, type Wave } from '../../shared/config/domain.js';
import type { NetworkSnapshot } from '../../shared/domain/dc-access/index.js';
import type { DirectoryAudit, RegistrationDetails } from '../../shared/graph/index.js';
import type { NetBirdPeer } from '../../shared/netbird/index.js';
import { groupSets } from '../../shared/waves/group-sets.js';
import type { WaveCheckInput, WaveUser } from '../../shared/waves/types.js';
import { AD_DOMAIN, FIXTURE_NOW, GROUPS, peer, seedNetwork, SITES } from '../fixtures/network.js';

export const DEFAULT_THRESHOLDS = waveThresholdsSchema.parse({});
export const HOUR = 3600_000;

export function wave(over: Partial<Wave> = {}): Wave {
  return waveSchema.parse({
    name: 'Pilot 1',
    members: { netbirdGroup: 'General Users' },
    requiredGroups: ['General Users'],
    ...over,
  });
}

/** `n` General Users laptops, connected and current unless changed by `over(i)`. */
export function laptops(n: number, over: (i: number) => Partial<NetBirdPeer> = () => ({})): NetBirdPeer[] {
  return Array.from({ length: n }, (_, i) =>
    peer(`peer-l${i}`, `LAPTOP-${String(i).padStart(3, '0')}`, [GROUPS.all, GROUPS.users], over(i)),
  );
}

export function users(n: number): WaveUser[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `User ${String(i).padStart(3, '0')}`,
  }));
}

export function registered(
  list: readonly WaveUser[],
  isRegistered: (i: number) => boolean = () => true,
): Map<string, RegistrationDetails> {
  return new Map(
    list.map((u, i) => [
      u.id.toLowerCase(),
      { id: u.id, userPrincipalName: `${u.name}@contoso.com`, isSsprRegistered: isRegistered(i) },
    ]),
  );
}

export interface InputOptions {
  wave?: Wave;
  peers?: NetBirdPeer[];
  users?: WaveUser[];
  network?: NetworkSnapshot;
  registrations?: WaveCheckInput['registrations'];
  ssprEvents?: readonly DirectoryAudit[] | { error: string };
  minVersion?: string;
  thresholds?: Partial<WaveCheckInput['thresholds']>;
}

export function input(o: InputOptions = {}): WaveCheckInput {
  const network = o.network ?? seedNetwork();
  const peers = o.peers ?? laptops(10);
  const people = o.users ?? users(10);
  const events = o.ssprEvents ?? [];
  return {
    wave: o.wave ?? wave(),
    thresholds: { ...DEFAULT_THRESHOLDS, ...o.thresholds },
    members: { source: 'entra-group', users: people, peers, usersWithoutPeers: [], notes: [] },
    network,
    groupSets: groupSets(peers, network, SITES, AD_DOMAIN),
    sites: SITES,
    adDomain: AD_DOMAIN,
    minVersion: o.minVersion,
    now: FIXTURE_NOW,
    registrations: o.registrations ?? { ok: true, value: registered(people) },
    ssprEvents: 'error' in events ? { ok: false, error: events.error } : { ok: true, value: events },
  };
}

export function ago(ms: number): string {
  return new Date(FIXTURE_NOW.getTime() - ms).toISOString();
}

let auditId = 0;
/** An SSPR-service audit event about `user`. */
export function sspr(
  user: WaveUser,
  activity: string,
  result: 'success' | 'failure',
  at: string,
  over: Partial<DirectoryAudit> = {},
): DirectoryAudit {
  auditId++;
  return {
    id: `SSPR_${auditId}`,
    correlationId: `corr-${auditId}`,
    category: 'UserManagement',
    result,
    resultReason: result === 'failure' ? 'FuzzyPolicyViolationInvalidPassword' : '',
    activityDisplayName: activity,
    activityDateTime: at,
    loggedByService: 'Self-service Password Management',
    operationType: 'Update',
    initiatedBy: {
      user: { id: user.id, displayName: user.name, userPrincipalName: `${user.name}@contoso.com`, ipAddress: null },
      app: null,
    },
    targetResources: [
      { id: user.id, displayName: user.name, type: 'User', userPrincipalName: `${user.name}@contoso.com` },
    ],
    additionalDetails: [],
    ...over,
  };
}
