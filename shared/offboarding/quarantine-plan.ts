/**
 * Quarantine of a machine peer, planned before anything is written (DESIGN.md §2): take it out of
 * every group a policy uses, remembering exactly which, and into a group no policy grants anything.
 * The `All` group cannot be left (NetBird puts every peer in it and refuses to change it), so a
 * policy that uses `All` is reported as a warning rather than silently ignored. Pure.
 */
import type { NetBirdPeer, NetBirdPolicy } from '../netbird/index.js';
import type { GroupRef } from './model.js';

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

/** The peer's groups to leave: those policies use, except `All`. */
export function groupsToLeave(peer: Pick<NetBirdPeer, 'groups'>, policyGroups: ReadonlySet<string>): GroupRef[] {
  return (peer.groups ?? [])
    .filter((g) => policyGroups.has(g.id) && g.name !== ALL_GROUP)
    .map((g) => ({ id: g.id, name: g.name }));
}

/** What quarantine cannot guarantee, in words for the card and the audit trail. */
export function quarantineWarnings(policies: readonly NetBirdPolicy[], quarantineGroupName: string): string[] {
  const warnings: string[] = [];
  for (const policy of policies) {
    if (!policy.enabled) continue;
    for (const rule of policy.rules ?? []) {
      if (rule.enabled === false) continue;
      const groups = [...(rule.sources ?? []), ...(rule.destinations ?? [])];
      if (groups.some((g) => g.name === ALL_GROUP)) {
        warnings.push(`Policy "${policy.name}" uses the All group: quarantined peers still get what it grants`);
      }
      if (groups.some((g) => g.name === quarantineGroupName)) {
        warnings.push(`Policy "${policy.name}" uses the quarantine group "${quarantineGroupName}": quarantine is not isolating`);
      }
    }
  }
  return [...new Set(warnings)];
}
