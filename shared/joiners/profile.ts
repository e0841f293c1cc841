/**
 * Who is asking to join: the NetBird user tied to their Entra user the way offboarding ties them
 * (user-match.ts: the configured id scheme first, then the other, email as the last resort), and
 * what Entra says about them (profile, manager, groups). The direction is reversed here (NetBird
 * user → Entra), so the candidate object ids come from the NetBird id itself; each candidate is
 * confirmed with `matchEntraUser`, the one definition of "same person".
 */
import { GraphError } from '../graph/index.js';
import type { UserProfile } from '../graph/joiner-profile.js';
import { decodeDexUserId } from '../netbird/ids.js';
import type { NetBirdUser } from '../netbird/index.js';
import { matchEntraUser, type UserMatchKind } from '../netbird/user-match.js';
import type { JoinerDeps } from './deps.js';
import type { EntraProfile, PendingJoiner } from './model.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type JoinerFacts = Pick<PendingJoiner, 'entra' | 'entraUserId' | 'manager' | 'autoGroups'>;

async function profileOf(deps: Pick<JoinerDeps, 'graph'>, idOrUpn: string): Promise<UserProfile | undefined> {
  try {
    return await deps.graph.getUserProfile(idOrUpn);
  } catch (err) {
    if (err instanceof GraphError && (err.isNotFound || err.upstreamStatus === 400)) return undefined; // not a user of this tenant
    throw err;
  }
}

/** The Entra user behind a NetBird user, and how they were matched; undefined when none is. */
export async function matchJoiner(
  deps: Pick<JoinerDeps, 'graph' | 'settings'>,
  user: NetBirdUser,
): Promise<{ profile: UserProfile; matchedBy: UserMatchKind } | undefined> {
  const embedded = decodeDexUserId(user.id)?.userId;
  const legacy = GUID.test(user.id) ? user.id : undefined;
  const candidates = deps.settings.idp.mode === 'embedded' ? [embedded, legacy] : [legacy, embedded];
  for (const oid of candidates) {
    if (!oid) continue;
    const match = matchEntraUser([user], deps.settings.idp, oid);
    if (match.kind !== 'found') continue;
    const profile = await profileOf(deps, oid);
    if (profile) return { profile, matchedBy: match.match.matchedBy };
  }
  const email = user.email?.trim();
  if (!email) return undefined;
  const profile = await profileOf(deps, email);
  if (!profile) return undefined;
  const match = matchEntraUser(
    [user],
    deps.settings.idp,
    profile.id,
    profile.mail ?? profile.userPrincipalName ?? undefined,
  );
  return match.kind === 'found' ? { profile, matchedBy: match.match.matchedBy } : undefined;
}

/** Everything the card shows about the joiner. Group names come from NetBird's own group list. */
export async function gatherFacts(
  deps: Pick<JoinerDeps, 'graph' | 'settings'>,
  user: NetBirdUser,
  groupNames: ReadonlyMap<string, string>,
): Promise<JoinerFacts> {
  const autoGroups = user.auto_groups.map((id) => groupNames.get(id) ?? id);
  const found = await matchJoiner(deps, user);
  if (!found) return { autoGroups };
  const { profile, matchedBy } = found;
  const id = profile.id.toLowerCase();
  const [groups, manager] = await Promise.all([
    deps.graph.transitiveGroupNames(id),
    deps.graph.getManager(id).catch((err: unknown) => {
      if (err instanceof GraphError && err.isNotFound) return undefined;
      throw err;
    }),
  ]);
  const entra: EntraProfile = {
    id,
    accountEnabled: profile.accountEnabled === true,
    groups,
    matchedBy,
    ...(profile.displayName ? { displayName: profile.displayName } : {}),
    ...(profile.userPrincipalName ? { upn: profile.userPrincipalName } : {}),
    ...(profile.department ? { department: profile.department } : {}),
    ...(profile.jobTitle ? { jobTitle: profile.jobTitle } : {}),
    ...(profile.employeeHireDate ? { hireDate: profile.employeeHireDate } : {}),
  };
  return {
    autoGroups,
    entra,
    entraUserId: id,
    ...(manager && manager.kind === 'user'
      ? {
          manager: {
            id: manager.id.toLowerCase(),
            name: manager.displayName ?? manager.userPrincipalName ?? manager.id,
          },
        }
      : {}),
  };
}
