/**
 * The default policy NetBird creates: one rule All→All, protocol `all`, with no special flag
 * (DESIGN.md §5). It should be gone once the DC and LAN policies are in place.
 */
import type { Group, Policy } from './netbird-types.js';

export function defaultAllToAllPolicies(policies: Policy[], groups: Group[]): string[] {
  const allIds = new Set(groups.filter((g) => g.name === 'All').map((g) => g.id));
  const isAll = (list: { id: string; name: string }[] | undefined) =>
    (list ?? []).some((g) => allIds.has(g.id) || g.name === 'All');
  return policies
    .filter(
      (p) =>
        p.enabled &&
        (p.rules ?? []).some(
          (r) =>
            r.enabled && r.action === 'accept' && r.protocol === 'all' && isAll(r.sources) && isAll(r.destinations),
        ),
    )
    .map((p) => p.name);
}
