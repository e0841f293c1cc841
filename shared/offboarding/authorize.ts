/**
 * Who may decide (DESIGN.md §2, §5): the user's manager (as recorded from Graph when the card was
 * built, or Graph's answer now) or a transitive member of the IT approvers group. Decided by the
 * clicker's Entra object id from the activity, never by anything in the card's data.
 */
import { GraphError } from '../graph/index.js';
import type { OffboardingContext } from './context.js';
import type { OffboardingCase } from './model.js';

export type Authority = 'manager' | 'it-approver';

export async function isItApprover(ctx: OffboardingContext, aadObjectId: string): Promise<boolean> {
  try {
    return await ctx.services.graph.isMemberOfAny(aadObjectId, [ctx.services.config.it.approversGroupId]);
  } catch (err) {
    if (err instanceof GraphError && err.isNotFound) return false; // not a user of this tenant
    throw err;
  }
}

export async function authorityOf(
  ctx: OffboardingContext,
  c: OffboardingCase,
  aadObjectId: string,
): Promise<Authority | undefined> {
  const id = aadObjectId.toLowerCase();
  if (c.manager?.id === id) return 'manager';
  if (await isItApprover(ctx, id)) return 'it-approver';
  try {
    const now = await ctx.services.graph.getManager(c.userId);
    if (now && now.kind === 'user' && now.id.toLowerCase() === id) return 'manager';
  } catch (err) {
    if (!(err instanceof GraphError && err.isNotFound)) throw err;
  }
  return undefined;
}

/**
 * The person a case is about never decides anything in it (approve, reject, keep a device, confirm
 * an unblock, release a batch that holds them), whatever else they are: a manager of someone, an IT
 * approver directly or through nested groups. Containment is only worth trusting if the leaver
 * cannot undo it. Compared on the Entra object id from the activity, never on card data.
 */
export function isCaseSubject(c: Pick<OffboardingCase, 'userId'>, aadObjectId: string): boolean {
  return c.userId.toLowerCase() === aadObjectId.toLowerCase();
}
