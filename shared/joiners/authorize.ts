/**
 * Who may decide a joiner's card: the same trust rules as offboarding (DESIGN.md §2, §5). The
 * joiner's Entra manager (as recorded when the card was built, or Graph's answer now) or a
 * transitive member of IT_APPROVERS_GROUP_ID; never the joiner themselves, whatever else they are.
 * Decided by the clicker's Entra object id from the activity, never by anything in the card's data.
 */
import { GraphError } from '../graph/index.js';
import { decodeDexUserId } from '../netbird/ids.js';
import type { JoinerDeps } from './deps.js';
import type { PendingJoiner } from './model.js';

export type JoinerAuthority = 'manager' | 'it-approver';

export async function isItApprover(deps: JoinerDeps, aadObjectId: string): Promise<boolean> {
  try {
    return await deps.graph.isMemberOfAny(aadObjectId, [deps.settings.approversGroupId]);
  } catch (err) {
    if (err instanceof GraphError && err.isNotFound) return false; // not a user of this tenant
    throw err;
  }
}

export async function joinerAuthorityOf(
  deps: JoinerDeps,
  j: PendingJoiner,
  aadObjectId: string,
): Promise<JoinerAuthority | undefined> {
  const id = aadObjectId.toLowerCase();
  if (j.manager?.id === id) return 'manager';
  if (await isItApprover(deps, id)) return 'it-approver';
  if (!j.entraUserId) return undefined;
  try {
    const now = await deps.graph.getManager(j.entraUserId);
    if (now && now.kind === 'user' && now.id.toLowerCase() === id) return 'manager';
  } catch (err) {
    if (!(err instanceof GraphError && err.isNotFound)) throw err;
  }
  return undefined;
}

/**
 * The person asking to join never decides their own request. Compared on every id that can be
 * theirs: the matched Entra id, and the Entra object id inside the NetBird id (both schemes), so
 * a joiner whose Entra match failed is still recognised.
 */
export function isJoinerSubject(j: Pick<PendingJoiner, 'entraUserId' | 'netbirdUserId'>, aadObjectId: string): boolean {
  const id = aadObjectId.toLowerCase();
  const embedded = decodeDexUserId(j.netbirdUserId)?.userId.toLowerCase();
  return j.entraUserId === id || embedded === id || j.netbirdUserId.toLowerCase() === id;
}
