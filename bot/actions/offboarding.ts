/**
 * `offboarding.` verbs (approval, reminder and batch cards) belong to the offboarding use-case,
 * which authorises the clicker itself (the user's manager or an IT approver) from the activity's
 * sender and tenant. The bot only forwards, and answers with the card of the view it returns; that
 * use-case updates everyone's copies of its cards in place.
 */
import { renderView } from '../../cards/views.js';
import type { AdaptiveCard } from '../../cards/types.js';
import { getServices } from '../../functions/root/services.js';
import type { OffboardingContext } from '../../shared/offboarding/context.js';
import {
  answerOffboardingAction,
  OFFBOARDING_VERB_PREFIX,
  type OffboardingActionInput,
} from '../../shared/offboarding/card-actions.js';
import type { Services } from '../../shared/services.js';
import type { CardActionHandler } from './types.js';

/** The card Teams shows the person who clicked. */
export async function handleOffboardingAction(
  input: OffboardingActionInput,
  services: Services = getServices(),
  ctx?: OffboardingContext,
): Promise<{ card: AdaptiveCard }> {
  const { view } = await answerOffboardingAction(input, services, ctx);
  return { card: renderView(view).card };
}

export const offboardingActions: CardActionHandler = {
  prefix: OFFBOARDING_VERB_PREFIX,
  async handle({ verb, data, caller, tenantId, deps }) {
    return handleOffboardingAction(
      { verb, data, actor: { aadObjectId: caller.aadObjectId, name: caller.name }, tenantId },
      deps.services,
    );
  },
};
