/**
 * The demo's pending joiner (issue 13): someone who reports to the demo manager persona (in Entra:
 * seed/graph.ts makes it so when the org gave them another manager), has never
 * signed in to NetBird, and now has, through domain matching with user approval on. NetBird holds
 * them as `pending_approval` (and blocked) until the manager or IT decides on the card. Chosen
 * from the org without the seed's random generator, so everything seeded before stays as it was.
 */
import type { Org } from './org.js';
import type { OrgPerson } from './people.js';

export function pendingJoinerOf(org: Org): OrgPerson | undefined {
  const roles = new Set((Object.values(org.roles) as OrgPerson[]).map((p) => p.id));
  const manager = org.roles.manager;
  const candidates = org.people.filter((p) => !p.hasNetBirdUser && !roles.has(p.id));
  // A report of the manager if one has not signed in yet, else a newcomer to the manager's department.
  return (
    candidates.find((p) => p.managerId === manager.id) ??
    candidates.find((p) => p.department === manager.department) ??
    candidates[0]
  );
}

/** Their first day: a week before the demo's "now". */
export const joinerHireDate = (org: Org): string =>
  new Date(org.now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z';
