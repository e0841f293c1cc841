/**
 * Step `inventory`: what exists for the user, read once and recorded before anything is written:
 * the NetBird user (embedded or legacy id, email as a last resort), the user's devices (SSO peers
 * and hostname-matched machine peers, see devices.ts), the policy groups each machine peer will
 * leave (quarantine-plan.ts), and the manager who is asked to approve.
 */
import { GraphError } from '../../graph/index.js';
import type { GraphDevice, Manager } from '../../graph/index.js';
import { matchEntraUser } from '../../netbird/index.js';
import { SYSTEM } from '../audit.js';
import { audit, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import { matchDevices } from '../devices.js';
import type { OffboardingCase } from '../model.js';
import { groupsToLeave, policyGroupIds, quarantineWarnings } from '../quarantine-plan.js';

export async function inventory(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const { netbirdAdmin: nb, config } = ctx.services;
  const [sharedUsers, sharedPeers, policies, entra, manager] = await Promise.all([
    nb.listUsers(),
    nb.listPeers(),
    nb.listPolicies(),
    entraDevices(ctx, c.userId),
    managerOf(ctx, c.userId),
  ]);
  let [users, peers] = [sharedUsers, sharedPeers];
  let found = matchEntraUser(users, config.netbird.idp, c.userId, c.mail ?? c.upn);
  if (found.kind !== 'found') {
    // The lists may be a moment old (shared between cases): "no NetBird user" is confirmed afresh.
    [users, peers] = await Promise.all([nb.listUsers({ fresh: true }), nb.listPeers({ fresh: true })]);
    found = matchEntraUser(users, config.netbird.idp, c.userId, c.mail ?? c.upn);
  }
  const people = users.filter((u) => !u.is_service_user);
  const match = found.kind === 'found' ? found.match : undefined;
  const policyGroups = policyGroupIds(policies);
  const devices = matchDevices(peers, match?.user.id, entra.names).map((d) =>
    d.kind === 'machine' ? { ...d, quarantine: { removedFrom: groupsToLeave(peers.find((p) => p.id === d.peerId)!, policyGroups) } } : d);
  const warnings = quarantineWarnings(policies, config.offboarding.quarantineGroupName);
  const inv: NonNullable<OffboardingCase['inventory']> = {
    at: ctx.now().toISOString(),
    ...(match ? { netbirdUser: { id: match.user.id, matchedBy: match.matchedBy, role: match.user.role, wasBlocked: match.user.is_blocked } } : {}),
    entraDevices: entra.names,
    ...(entra.note ? { entraDevicesNote: entra.note } : {}),
    quarantineWarnings: warnings,
    netbirdPeople: people.length,
  };
  const { written } = await updateCase(ctx, c.userId, (cur) => (cur.inventory ? undefined : {
    ...cur,
    inventory: inv,
    devices,
    ...(manager ? { manager } : {}),
  }));
  if (!written) return;
  const sso = devices.filter((d) => d.kind === 'sso').length;
  const machines = devices.length - sso;
  await audit(ctx, c, {
    action: 'inventory',
    actor: SYSTEM,
    result: 'ok',
    summary: `${match ? `NetBird user found (by ${match.matchedBy})` : found.kind === 'ambiguous-email' ? 'NetBird user ambiguous by email: not guessed' : 'No NetBird user'}; ` +
      `${sso} SSO peer${sso === 1 ? '' : 's'}, ${machines} machine peer${machines === 1 ? '' : 's'}; ` +
      `${manager ? `manager ${manager.name}` : 'no manager in Entra'}`,
    detail: {
      netbirdUserId: match?.user.id,
      devices: devices.map((d) => ({ peerId: d.peerId, name: d.name, kind: d.kind, matchedBy: d.matchedBy, leaves: d.quarantine?.removedFrom.map((g) => g.name) })),
      entraDevices: entra.names,
      warnings,
    },
  });
}

async function entraDevices(ctx: OffboardingContext, userId: string): Promise<{ names: string[]; note?: string }> {
  let devices: GraphDevice[];
  try {
    devices = await ctx.services.graph.getUserDevices(userId);
  } catch (err) {
    // A deleted user's device relations are gone with the account: only SSO peers can be found.
    if (err instanceof GraphError && err.isNotFound) return { names: [], note: 'Entra devices unavailable: the account is deleted' };
    throw err;
  }
  const names = devices.map((d) => d.displayName).filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const unnamed = devices.length - names.length;
  return unnamed > 0 ? { names, note: `${unnamed} Entra device(s) without a name (missing Device.Read.All?)` } : { names };
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
  return { id: manager.id.toLowerCase(), name: manager.displayName ?? manager.userPrincipalName ?? manager.id, ...(manager.userPrincipalName ? { upn: manager.userPrincipalName } : {}) };
}
