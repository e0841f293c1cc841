/**
 * Quarantine of a machine peer, planned before anything is written (DESIGN.md §2): take it out of
 * every group a policy uses, remembering exactly which, and into a group no policy grants anything.
 * The `All` group cannot be left (NetBird puts every peer in it and refuses to change it), so a
 * policy that uses `All` is reported as a warning rather than silently ignored.
 * Legacy `/api/routes` routes without access-control groups need no policy at all: every peer in
 * their distribution groups reaches the routed network, so those groups are left too, and each left
 * group records why (`via`), so "keep" restores exactly these. Pure.
 */
import { policyFreeDistributionGroups } from '../domain/dc-access/index.js';
import type { NetBirdPeer, NetBirdPolicy, NetBirdRoute } from '../netbird/index.js';
import type { LeftGroup } from './model.js';

export const ALL_GROUP = 'All';

/** Ids of the groups any rule of any policy names as source or destination (enabled or not:
 * a disabled policy can be enabled again). */
export function policyGroupIds(policies: readonly NetBirdPolicy[]): Set<string> {
  const ids = new Set<string>();
  for (const policy of policies) {
    for (const rule of policy.rules ?? []) {
      for (const g of [...(rule.sources ?? []), ...(rule.destinations ?? [])]) ids.add(g.id);
    }
  }
  return ids;
}

/** The peer's groups to leave: those policies use and the distribution groups of legacy routes
 * without access control, except `All`. */
export function groupsToLeave(
  peer: Pick<NetBirdPeer, 'groups'>,
  policyGroups: ReadonlySet<string>,
  routes: readonly NetBirdRoute[] = [],
): LeftGroup[] {
  const routeGroups = policyFreeDistributionGroups(routes);
  return (peer.groups ?? [])
    .filter((g) => (policyGroups.has(g.id) || routeGroups.has(g.id)) && g.name !== ALL_GROUP)
    .map((g): LeftGroup => {
      const via = [
        ...(policyGroups.has(g.id) ? ['policy'] : []),
        ...(routeGroups.get(g.id) ?? []).map((r) => `route ${r}`),
      ];
      return routeGroups.has(g.id) ? { id: g.id, name: g.name, via } : { id: g.id, name: g.name };
    });
}

/** What quarantine cannot guarantee, in words for the card and the audit trail. */
export function quarantineWarnings(
  policies: readonly NetBirdPolicy[],
  quarantineGroupName: string,
  routes: readonly NetBirdRoute[] = [],
  allGroupId?: string,
): string[] {
  const warnings: string[] = [];
  for (const route of routes) {
    if (route.enabled === false || (route.access_control_groups ?? []).length > 0) continue;
    if (allGroupId && (route.groups ?? []).includes(allGroupId))
      warnings.push(
        `Route ${route.network_id || route.id} is distributed to the All group without access control: quarantined peers still reach ${route.network ?? 'it'}`,
      );
  }
  for (const policy of policies) {
    if (!policy.enabled) continue;
    for (const rule of policy.rules ?? []) {
      if (rule.enabled === false) continue;
      const groups = [...(rule.sources ?? []), ...(rule.destinations ?? [])];
      if (groups.some((g) => g.name === ALL_GROUP)) {
        warnings.push(`Policy "${policy.name}" uses the All group: quarantined peers still get what it grants`);
      }
      if (groups.some((g) => g.name === quarantineGroupName)) {
        warnings.push(
          `Policy "${policy.name}" uses the quarantine group "${quarantineGroupName}": quarantine is not isolating`,
        );
      }
    }
  }
  return [...new Set(warnings)];
}
