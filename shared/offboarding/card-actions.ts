/**
 * Entry point for the offboarding cards' `Action.Execute` invokes. The bot routes every
 * `adaptiveCard/action` whose verb starts with `offboarding.` here (bot/actions/offboarding.ts) and
 * answers the invoke with the card of the returned view (which Teams shows to the person who clicked; everyone else's copy is updated in
 * place with `updateActivity`). The actor comes from the activity (`from.aadObjectId`) and the
 * tenant from `channelData.tenant.id`: they authorise; the card's `data` only names the case.
 */
import { z } from 'zod';
import type { Services } from '../services.js';
import { notice, type OffboardingActionResult } from './action-result.js';
import { authorityOf, isCaseSubject } from './authorize.js';
import { confirmBatch } from './batch-actions.js';
import { findCaseById } from './cases.js';
import { offboardingContext, type OffboardingContext } from './context.js';
import { confirmUnblock, decide } from './decision.js';
import { approvalView } from './views.js';
import { confirmRestore } from './returner/confirm.js';

export interface OffboardingActionInput {
  verb: string;
  data: unknown;
  actor: { aadObjectId: string; name?: string };
  tenantId: string | undefined;
}

export type { OffboardingActionResult };

export const OFFBOARDING_VERB_PREFIX = 'offboarding.';

const caseRef = z.object({ caseId: z.string().min(1).max(100) }).loose();
const batchRef = z.object({ batchId: z.string().min(1).max(100) }).loose();

export async function answerOffboardingAction(
  input: OffboardingActionInput,
  services: Services,
  ctxOverride?: OffboardingContext,
): Promise<OffboardingActionResult> {
  const ctx = ctxOverride ?? offboardingContext(services);
  if (!input.tenantId || input.tenantId.toLowerCase() !== services.config.graph.tenantId.toLowerCase()) {
    ctx.logger.warn('card action from another tenant refused', { verb: input.verb });
    return notice('Not allowed', 'This card belongs to another organisation. Nothing was changed.');
  }
  if (!input.actor.aadObjectId) return notice('Not allowed', 'Teams did not say who you are. Nothing was changed.');
  const actor = {
    aadObjectId: input.actor.aadObjectId.toLowerCase(),
    ...(input.actor.name ? { name: input.actor.name } : {}),
  };
  switch (input.verb) {
    case 'offboarding.decide':
      return decide(ctx, input.data, actor);
    case 'offboarding.confirm-unblock':
      return confirmUnblock(ctx, input.data, actor);
    case 'offboarding.restore-returner':
      return confirmRestore(ctx, input.data, actor);
    case 'offboarding.confirm-batch':
    case 'offboarding.dismiss-batch': {
      const ref = batchRef.safeParse(input.data);
      if (!ref.success) return notice('Invalid card', "This card's data is not valid. Nothing was changed.");
      return confirmBatch(
        ctx,
        ref.data.batchId,
        input.verb === 'offboarding.confirm-batch' ? 'released' : 'dismissed',
        actor,
      );
    }
    case 'offboarding.refresh': {
      const ref = caseRef.safeParse(input.data);
      if (!ref.success) return notice('Invalid card', "This card's data is not valid.");
      const c = await findCaseById(ctx, ref.data.caseId);
      if (!c) return notice('Case not found', 'This offboarding case no longer exists.', 'warning');
      // Only the manager and IT approvers get the decision view; the user and anyone else read only.
      const mayDecide =
        !isCaseSubject(c, actor.aadObjectId) && (await authorityOf(ctx, c, actor.aadObjectId)) !== undefined;
      return { view: approvalView(c, { readOnly: !mayDecide }) };
    }
    default:
      return notice(
        'Unknown action',
        `"${input.verb.slice(0, 60)}" is not an offboarding action. Nothing was changed.`,
        'warning',
      );
  }
}
