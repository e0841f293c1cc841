/**
 * Step `inventory`: what exists for the user, read once and recorded: the NetBird user (found
 * before the block by find-user.ts, whose record is kept: it was read before this app wrote
 * anything; embedded or legacy id, email as a last resort), the user's devices (SSO peers
 * and machine peers attributed on the evidence of attribution/), the groups each machine peer will
 * leave (quarantine-plan.ts), and the manager who is asked to approve. A laptop another active
 * person's evidence points at as strongly is recorded as shared and not quarantined.
 */
import { GraphError } from '../../graph/index.js';
import type { Manager } from '../../graph/index.js';
import { matchEntraUser } from '../../netbird/index.js';
import { SYSTEM } from '../audit.js';
import { audit, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import { attributeDevices } from '../attribution/gather.js';
import type { Device, NetbirdUserRef, OffboardingCase } from '../model.js';
import { ALL_GROUP, groupsToLeave, policyGroupIds, quarantineWarnings } from '../quarantine-plan.js';
import type { NetBirdPeer, NetBirdPolicy, NetBirdRoute } from '../../netbird/index.js';

export async function inventory(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const { netbirdAdmin: nb, config } = ctx.services;
  const [sharedUsers, sharedPeers, policies, routes, manager] = await Promise.all([
    nb.listUsers(),
    nb.listPeers(),
    nb.listPolicies(),
    nb.listRoutes(),
    managerOf(ctx, c.userId),
  ]);
  let [users, peers] = [sharedUsers, sharedPeers];
  // Found before the block (find-user.ts): kept as found then, before this app blocked anyone.
  let netbirdUser: NetbirdUserRef | undefined = c.target?.netbirdUser;
  let ambiguous = false;
  if (!c.target?.netbirdUser) {
    let found = matchEntraUser(users, config.netbird.idp, c.userId, c.mail ?? c.upn);
    if (found.kind !== 'found') {
      // The lists may be a moment old (shared between cases): "no NetBird user" is confirmed afresh.
      [users, peers] = await Promise.all([nb.listUsers({ fresh: true }), nb.listPeers({ fresh: true })]);
      found = matchEntraUser(users, config.netbird.idp, c.userId, c.mail ?? c.upn);
    }
    ambiguous = found.kind === 'ambiguous-email';
    if (found.kind === 'found')
      netbirdUser = {
        id: found.match.user.id,
        matchedBy: found.match.matchedBy,
        role: found.match.user.role,
        wasBlocked: found.match.user.is_blocked,
      };
  }
  const people = users.filter((u) => !u.is_service_user);
  const attribution = await attributeDevices(ctx, c.userId, { users, peers, netbirdUserId: netbirdUser?.id });
  const devices = attribution.devices.map((d) => withQuarantinePlan(ctx, d, peers, policies, routes));
  const allGroupId = peers.flatMap((p) => p.groups ?? []).find((g) => g.name === ALL_GROUP)?.id;
  const warnings = quarantineWarnings(policies, config.offboarding.quarantineGroupName, routes, allGroupId);
  const inv: NonNullable<OffboardingCase['inventory']> = {
    at: ctx.now().toISOString(),
    ...(netbirdUser ? { netbirdUser } : {}),
    entraDevices: attribution.entraNames,
    ...(attribution.entraNote ? { entraDevicesNote: attribution.entraNote } : {}),
    ...(attribution.notes.length ? { attributionNotes: attribution.notes } : {}),
    quarantineWarnings: warnings,
    netbirdPeople: people.length,
  };
  const { written } = await updateCase(ctx, c.userId, (cur) =>
    cur.inventory
      ? undefined
      : {
          ...cur,
          inventory: inv,
          devices,
          ...(manager ? { manager } : {}),
        },
  );
  if (!written) return;
  const sso = devices.filter((d) => d.kind === 'sso').length;
  const machines = devices.length - sso;
  await audit(ctx, c, {
    action: 'inventory',
    actor: SYSTEM,
    result: 'ok',
    summary:
      `${netbirdUser ? `NetBird user found (by ${netbirdUser.matchedBy})` : ambiguous ? 'NetBird user ambiguous by email: not guessed' : 'No NetBird user'}; ` +
      `${sso} SSO peer${sso === 1 ? '' : 's'}, ${machines} machine peer${machines === 1 ? '' : 's'}; ` +
      `${manager ? `manager ${manager.name}` : 'no manager in Entra'}`,
    detail: {
      netbirdUserId: netbirdUser?.id,
      devices: devices.map((d) => ({
        peerId: d.peerId,
        name: d.name,
        kind: d.kind,
        matchedBy: d.matchedBy,
        evidence: d.evidence?.map((e) => `${e.source}: ${e.detail}`),
        ...(d.alsoUsedBy ? { alsoUsedBy: d.alsoUsedBy.map((o) => `${o.name} (${o.source})`) } : {}),
        ...(d.shared ? { shared: true } : {}),
        leaves: d.quarantine?.removedFrom.map((g) => g.name),
      })),
      entraDevices: attribution.entraNames,
      notes: attribution.notes,
      warnings,
    },
  });
}

/**
 * A machine peer's quarantine plan: the groups it will leave. A shared laptop (another active
 * person's evidence is as strong) is not quarantined: recorded as skipped, the approver decides.
 */
export function withQuarantinePlan(
  ctx: OffboardingContext,
  d: Device,
  peers: readonly NetBirdPeer[],
  policies: readonly NetBirdPolicy[],
  routes: readonly NetBirdRoute[],
): Device {
  if (d.kind !== 'machine') return d;
  if (d.shared) {
    const who = (d.alsoUsedBy ?? []).map((o) => o.name).join(', ');
    return {
      ...d,
      quarantine: {
        removedFrom: [],
        done: { at: ctx.now().toISOString(), result: 'skipped', note: `also used by ${who}: the approver decides` },
      },
    };
  }
  const peer = peers.find((p) => p.id === d.peerId);
  return { ...d, quarantine: { removedFrom: peer ? groupsToLeave(peer, policyGroupIds(policies), routes) : [] } };
}

async function managerOf(ctx: OffboardingContext, userId: string): Promise<OffboardingCase['manager']> {
  let manager: Manager | undefined;
  try {
    manager = await ctx.services.graph.getManager(userId);
  } catch (err) {
    if (err instanceof GraphError && err.isNotFound) return undefined;
    throw err;
  }
  // An organisational contact cannot use Teams in this tenant: IT decides instead.
  if (!manager || manager.kind !== 'user') return undefined;
  return {
    id: manager.id.toLowerCase(),
    name: manager.displayName ?? manager.userPrincipalName ?? manager.id,
    ...(manager.userPrincipalName ? { upn: manager.userPrincipalName } : {}),
  };
}
