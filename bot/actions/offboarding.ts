/**
 * `offboarding.` verbs (approval, reminder and batch cards) belong to the offboarding use-case,
 * which authorises the clicker itself (the user's manager or an IT approver) from the activity's
 * sender and tenant. The bot only forwards and answers with the card it returns; that use-case
 * updates everyone's copies of its cards in place.
 */
import { handleOffboardingAction, OFFBOARDING_VERB_PREFIX } from '../../shared/offboarding/card-actions.js';
import type { CardActionHandler } from './types.js';

export const offboardingActions: CardActionHandler = {
  prefix: OFFBOARDING_VERB_PREFIX,
  async handle({ verb, data, caller, tenantId, deps }) {
    const { card } = await handleOffboardingAction({ verb, data, actor: { aadObjectId: caller.aadObjectId, name: caller.name }, tenantId }, deps.services);
    return { card };
  },
};
