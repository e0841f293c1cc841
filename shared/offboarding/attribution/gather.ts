/**
 * Reads the evidence for one leaver and attributes the NetBird peers (attribute.ts). Graph reads
 * are batched: one `$batch` for the leaver's own sources, one for the Intune primary users of the
 * candidate laptops, one for the accounts of the other people they point at (each only when there
 * is something to ask). A source the app may not read (403) is skipped, logged once per process and
 * said in `notes`, which the card shows; it never fails the case.
 */
import type { Account, ManagedDevice, SourceRead } from '../../graph/index.js';
import type { NetBirdPeer, NetBirdUser } from '../../netbird/index.js';
import type { OffboardingContext } from '../context.js';
import type { Device } from '../model.js';
import { listAssignments } from './assignments.js';
import { attribute } from './attribute.js';
import {
  assignmentClaims,
  entraClaims,
  entraIdOf,
  intuneClaims,
  otherIntuneClaims,
  signInClaims,
  ssoPeerClaims,
} from './claims.js';
import type { Claim, Person } from './evidence.js';

export const SIGN_IN_DAYS = 30;

export interface Attribution {
  devices: Device[];
  /** Names of the user's Entra registered and owned devices (kept in the inventory, as before). */
  entraNames: string[];
  /** About the Entra devices (a deleted account, unnamed devices): kept where it always was. */
  entraNote?: string;
  /** Sources that could not be read, in words for the card. */
  notes: string[];
}

export interface PeopleInNetBird {
  users: readonly NetBirdUser[];
  peers: readonly NetBirdPeer[];
  netbirdUserId: string | undefined;
}

const warned = new Set<string>();

export async function attributeDevices(
  ctx: OffboardingContext,
  userId: string,
  nb: PeopleInNetBird,
): Promise<Attribution> {
  const { graph, config } = ctx.services;
  const at = ctx.now().toISOString();
  const uid = userId.toLowerCase();
  const [evidence, assignments] = await Promise.all([
    graph.userDeviceEvidence(uid, { since: new Date(ctx.now().getTime() - SIGN_IN_DAYS * 86_400_000), signIns: true }),
    listAssignments(ctx),
  ]);
  const notes: string[] = [];
  const degrade = (source: string, read: SourceRead<unknown>, advice: string) => {
    if (read.ok || read.status !== 403) return;
    notes.push(`${source} not readable: ${advice}`);
    const key = `${source}|${read.code ?? ''}`;
    if (!warned.has(key)) {
      warned.add(key);
      ctx.logger.warn('Device attribution source not readable: skipped', {
        source,
        status: read.status,
        graphCode: read.code,
      });
    }
  };
  degrade('Intune', evidence.managed, 'ask for DeviceManagementManagedDevices.Read.All');
  degrade(
    'Sign-in logs',
    evidence.signIns,
    evidence.signIns.ok || evidence.signIns.code !== 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'
      ? 'ask for AuditLog.Read.All (needs Entra ID P1)'
      : 'the tenant has no Entra ID P1',
  );
  degrade('Entra devices', evidence.entra, 'ask for Device.Read.All');
  const entraDevices = evidence.entra.ok ? evidence.entra.items : [];
  const unnamed = entraDevices.filter((d) => !d.displayName?.trim()).length;
  // A deleted user's device relations are gone with the account: other sources still count.
  const entraNote =
    !evidence.entra.ok && evidence.entra.status === 404
      ? 'Entra devices unavailable: the account is deleted'
      : unnamed > 0
        ? `${unnamed} Entra device(s) without a name (missing Device.Read.All?)`
        : undefined;
  const intune = evidence.managed.ok ? intuneClaims(evidence.managed.items, uid) : { claims: [] };
  if (intune.note) notes.push(intune.note);
  const mine: Claim[] = [
    ...assignmentClaims(
      assignments.filter((a) => a.userId === uid),
      uid,
      new Map(),
    ),
    ...intune.claims,
    ...(nb.netbirdUserId
      ? ssoPeerClaims(
          nb.peers.filter((p) => p.user_id === nb.netbirdUserId),
          new Map(),
          nb.netbirdUserId,
          config.netbird.idp,
          new Map(),
        )
      : []),
    ...(evidence.signIns.ok ? signInClaims(evidence.signIns.items) : []),
    ...entraClaims(entraDevices),
  ];
  const candidates = attribute({ peers: nb.peers, netbirdUserId: undefined, claims: mine, at }).filter(
    (d) => d.kind === 'machine',
  );
  let rivals: Claim[] = [];
  if (candidates.length > 0) rivals = await rivalClaims(ctx, uid, nb, candidates, assignments, evidence.managed.ok);
  const devices = attribute({ peers: nb.peers, netbirdUserId: nb.netbirdUserId, claims: [...mine, ...rivals], at });
  return {
    devices,
    entraNames: entraDevices.map((d) => d.displayName?.trim()).filter((n): n is string => !!n),
    ...(entraNote ? { entraNote } : {}),
    notes,
  };
}

/** What points the candidate laptops at other people: IT's assignments, Intune, their SSO peers. */
async function rivalClaims(
  ctx: OffboardingContext,
  uid: string,
  nb: PeopleInNetBird,
  candidates: readonly Device[],
  assignments: Awaited<ReturnType<typeof listAssignments>>,
  intuneReadable: boolean,
): Promise<Claim[]> {
  const { graph, config } = ctx.services;
  const shortNames = [
    ...new Set(candidates.map((d) => d.hostname.trim().toLowerCase().split('.')[0]!).filter(Boolean)),
  ];
  const byName = new Map<string, ManagedDevice[]>();
  if (intuneReadable) {
    for (const [name, read] of await graph.managedDevicesNamed(shortNames)) if (read.ok) byName.set(name, read.items);
  }
  const theirs = assignments.filter((a) => a.userId !== uid && shortNames.includes(a.hostname.split('.')[0]!));
  const wanted = new Set(shortNames);
  const ssoPeers = nb.peers.filter(
    (p) => p.user_id && p.user_id !== nb.netbirdUserId && wanted.has(p.hostname.trim().toLowerCase().split('.')[0]!),
  );
  const usersById = new Map(nb.users.filter((u) => ssoPeers.some((p) => p.user_id === u.id)).map((u) => [u.id, u]));
  const ssoUsers = [...usersById.values()];
  const ids = [
    ...[...byName.values()]
      .flat()
      .map((d) => d.userId?.toLowerCase())
      .filter((id): id is string => !!id && id !== uid),
    ...theirs.map((a) => a.userId),
    ...ssoUsers.map((u) => entraIdOf(u, config.netbird.idp)).filter((id): id is string => !!id),
  ];
  const accounts = ids.length ? await graph.accountsByIds(ids) : new Map<string, Account | undefined>();
  const people = new Map<string, Person>();
  for (const [id, a] of accounts)
    people.set(id, {
      name: a?.displayName ?? a?.userPrincipalName ?? id,
      entraId: id,
      enabled: a ? a.accountEnabled !== false : false,
    });
  return [
    ...assignmentClaims(theirs, uid, people),
    ...otherIntuneClaims(byName, uid, people),
    ...ssoPeerClaims(ssoPeers, usersById, nb.netbirdUserId, config.netbird.idp, accounts),
  ];
}
