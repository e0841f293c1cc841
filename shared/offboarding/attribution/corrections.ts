/**
 * IT corrects attribution from Teams (`devices <user>`, `assign <device> <user>`, `unassign
 * <device>`). An assignment is kept in table storage, audited in the audit table the cases use (so
 * `audit <user>` shows it), and is the strongest evidence from then on: an open case of the people
 * it concerns is re-planned at once, and a laptop newly found is quarantined by the case's next
 * step (plan.ts) and shown on its card.
 */
import { matchEntraUser } from '../../netbird/index.js';
import { hostnameMatches } from '../../netbird/index.js';
import type { NetBirdPeer } from '../../netbird/index.js';
import type { Services } from '../../services.js';
import { audit, loadCase, updateCase } from '../cases.js';
import { offboardingContext, type OffboardingContext } from '../context.js';
import type { Actor, Device, OffboardingCase } from '../model.js';
import { resolveUser, type ResolvedUser } from '../resolve-user.js';
import { withQuarantinePlan } from '../steps/inventory.js';
import { deleteAssignment, getAssignment, saveAssignment, type DeviceAssignment } from './assignments.js';
import { attributeDevices, type Attribution } from './gather.js';

export interface Caller {
  aadObjectId: string;
  name?: string;
}

export interface DevicesAnswer {
  user: ResolvedUser;
  attribution: Attribution;
  /** The open case's devices, when there is one (what quarantine acted on). */
  openCase?: OffboardingCase;
}

/** What is attributed to the user now, and why (read-only: nothing is stored). */
export async function devicesOfUser(services: Services, userInput: string): Promise<DevicesAnswer> {
  const ctx = offboardingContext(services);
  const user = await resolveUser(services.graph, userInput);
  const attribution = await attributeNow(ctx, user);
  const c = await loadCase(ctx, user.id);
  return { user, attribution, ...(c?.open ? { openCase: c } : {}) };
}

export type AssignResult =
  | { kind: 'no-peer'; device: string }
  | {
      kind: 'done';
      assignment: DeviceAssignment;
      previous?: DeviceAssignment;
      peers: NetBirdPeer[];
      replanned: ReplanResult[];
    };

export async function assignDevice(
  services: Services,
  caller: Caller,
  deviceInput: string,
  userInput: string,
): Promise<AssignResult> {
  const ctx = offboardingContext(services);
  const peers = await machinePeersNamed(services, deviceInput);
  if (peers.length === 0) return { kind: 'no-peer', device: deviceInput };
  const user = await resolveUser(services.graph, userInput);
  const hostname = (peers[0]!.hostname || deviceInput).trim().toLowerCase();
  const previous = await getAssignment(ctx, hostname);
  const assignment: DeviceAssignment = {
    hostname,
    userId: user.id.toLowerCase(),
    ...(user.upn ? { upn: user.upn } : {}),
    ...(user.displayName ? { name: user.displayName } : {}),
    by: { aadObjectId: caller.aadObjectId, ...(caller.name ? { name: caller.name } : {}) },
    at: ctx.now().toISOString(),
  };
  await saveAssignment(ctx, assignment);
  const actor: Actor = { kind: 'teams', id: caller.aadObjectId, ...(caller.name ? { name: caller.name } : {}) };
  const summary = `${caller.name ?? caller.aadObjectId} assigned ${hostname} to ${user.displayName ?? user.upn ?? user.id}${previous && previous.userId !== assignment.userId ? ` (was ${previous.name ?? previous.upn ?? previous.userId})` : ''}`;
  await auditAssignment(ctx, user.id, 'device.assigned', actor, hostname, summary, {
    hostname,
    peers: peers.map((p) => p.id),
    previous: previous?.userId,
  });
  if (previous && previous.userId !== assignment.userId)
    await auditAssignment(ctx, previous.userId, 'device.assigned', actor, hostname, summary, { hostname, to: user.id });
  const affected = [...new Set([assignment.userId, ...(previous ? [previous.userId] : [])])];
  const replanned = await replanAll(ctx, affected, actor);
  return { kind: 'done', assignment, ...(previous ? { previous } : {}), peers, replanned };
}

export type UnassignResult =
  { kind: 'none'; device: string } | { kind: 'done'; previous: DeviceAssignment; replanned: ReplanResult[] };

export async function unassignDevice(services: Services, caller: Caller, deviceInput: string): Promise<UnassignResult> {
  const ctx = offboardingContext(services);
  const peers = await machinePeersNamed(services, deviceInput);
  const hostname = (peers[0]?.hostname || deviceInput).trim().toLowerCase();
  const previous = await getAssignment(ctx, hostname);
  if (!previous) return { kind: 'none', device: deviceInput };
  await deleteAssignment(ctx, hostname);
  const actor: Actor = { kind: 'teams', id: caller.aadObjectId, ...(caller.name ? { name: caller.name } : {}) };
  await auditAssignment(
    ctx,
    previous.userId,
    'device.unassigned',
    actor,
    hostname,
    `${caller.name ?? caller.aadObjectId} removed the assignment of ${hostname} to ${previous.name ?? previous.upn ?? previous.userId}`,
    { hostname },
  );
  return { kind: 'done', previous, replanned: await replanAll(ctx, [previous.userId], actor) };
}

export interface ReplanResult {
  userId: string;
  caseId: string;
  added: string[];
  updated: number;
}

/**
 * Attribution again for an open case that has not been decided: new laptops are added (and
 * quarantined by the next step), the evidence of known ones is brought up to date. A device
 * already in the case stays (it may be quarantined: only the approver's "keep" restores it).
 */
export async function replanCase(
  ctx: OffboardingContext,
  userId: string,
  actor: Actor,
): Promise<ReplanResult | undefined> {
  const c = await loadCase(ctx, userId);
  if (
    !c?.open ||
    !c.inventory ||
    c.decision ||
    !['detected', 'contained', 'awaiting-approval', 'escalated'].includes(c.state)
  )
    return undefined;
  const nb = ctx.services.netbirdAdmin;
  const [users, peers, policies, routes] = await Promise.all([
    nb.listUsers({ fresh: true }),
    nb.listPeers({ fresh: true }),
    nb.listPolicies(),
    nb.listRoutes(),
  ]);
  const found = matchEntraUser(users, ctx.services.config.netbird.idp, c.userId, c.mail ?? c.upn);
  const netbirdUserId = c.inventory.netbirdUser?.id ?? (found.kind === 'found' ? found.match.user.id : undefined);
  const now = await attributeNow(
    ctx,
    { id: c.userId, ...(c.upn ? { upn: c.upn } : {}) },
    { users, peers, netbirdUserId },
  );
  let added: Device[] = [];
  let updated = 0;
  await updateCase(ctx, c.userId, (cur) => {
    if (cur.decision) return undefined;
    const known = new Set(cur.devices.map((d) => d.peerId));
    added = now.devices
      .filter((d) => !known.has(d.peerId))
      .map((d) => withQuarantinePlan(ctx, d, peers, policies, routes));
    updated = 0;
    const devices = cur.devices.map((d) => {
      const fresh = now.devices.find((x) => x.peerId === d.peerId);
      if (!fresh || d.kind !== 'machine') return d;
      updated++;
      const { alsoUsedBy: _a, shared: _s, ...rest } = d;
      return {
        ...rest,
        matchedBy: fresh.matchedBy,
        ...(fresh.evidence ? { evidence: fresh.evidence } : {}),
        ...(fresh.alsoUsedBy ? { alsoUsedBy: fresh.alsoUsedBy } : {}),
        ...(fresh.shared ? { shared: true } : {}),
      };
    });
    return {
      ...cur,
      devices: [...devices, ...added],
      inventory: { ...cur.inventory!, ...(now.notes.length ? { attributionNotes: now.notes } : {}) },
    };
  });
  await audit(ctx, c, {
    action: 'devices.replanned',
    actor,
    result: added.length ? 'ok' : 'no-change',
    summary: added.length
      ? `Re-planned after an assignment: ${added.map((d) => d.name).join(', ')} added${added.some((d) => !d.shared) ? ', to be quarantined' : ''}`
      : 'Re-planned after an assignment: no new device',
    detail: {
      added: added.map((d) => ({
        peerId: d.peerId,
        name: d.name,
        evidence: d.evidence?.map((e) => e.detail),
        shared: d.shared,
      })),
    },
  });
  // The case's next step quarantines what is new (plan.ts) and updates the card.
  await ctx.storage.work.send({ kind: 'advance', userId: c.userId, reason: 'devices re-planned' });
  return { userId: c.userId, caseId: c.id, added: added.map((d) => d.name), updated };
}

async function replanAll(ctx: OffboardingContext, userIds: readonly string[], actor: Actor): Promise<ReplanResult[]> {
  const out: ReplanResult[] = [];
  for (const id of userIds) {
    const r = await replanCase(ctx, id, actor);
    if (r) out.push(r);
  }
  return out;
}

async function attributeNow(
  ctx: OffboardingContext,
  user: Pick<ResolvedUser, 'id' | 'upn' | 'mail'>,
  lists?: Parameters<typeof attributeDevices>[2],
): Promise<Attribution> {
  if (lists) return attributeDevices(ctx, user.id, lists);
  const nb = ctx.services.netbirdAdmin;
  const [users, peers] = await Promise.all([nb.listUsers(), nb.listPeers()]);
  const found = matchEntraUser(users, ctx.services.config.netbird.idp, user.id, user.mail ?? user.upn);
  return attributeDevices(ctx, user.id, {
    users,
    peers,
    netbirdUserId: found.kind === 'found' ? found.match.user.id : undefined,
  });
}

/** Setup-key peers with this hostname (FQDN or short name), from NetBird's list. */
async function machinePeersNamed(services: Services, device: string): Promise<NetBirdPeer[]> {
  const wanted = device.trim().toLowerCase();
  if (!wanted) return [];
  return (await services.netbirdAdmin.listPeers({ fresh: true })).filter(
    (p) => !p.user_id && hostnameMatches(p, wanted),
  );
}

async function auditAssignment(
  ctx: OffboardingContext,
  userId: string,
  action: string,
  actor: Actor,
  hostname: string,
  summary: string,
  detail: Record<string, unknown>,
): Promise<void> {
  // Correlated with the user's open case when there is one, so the case's trail tells the story.
  const c = await loadCase(ctx, userId);
  await audit(
    ctx,
    { id: c?.open ? c.id : `device:${hostname}`, userId: userId.toLowerCase() },
    { action, actor, result: 'ok', target: hostname, summary, detail },
  );
}
