/**
 * `joiner.` verbs (the joiner approval card) belong to the joiner use-case, which authorises the
 * clicker itself (the joiner's manager or an IT approver, never the joiner) from the activity's
 * sender and tenant. The bot forwards and answers with the card it returns; the use-case updates
 * everyone's copies in place.
 */
import { handleJoinerAction, JOINER_VERB_PREFIX } from '../../shared/joiners/decide.js';
import { renderView } from '../../cards/views.js';
import { joinerDeps } from '../../shared/joiners/deps.js';
import type { CardActionHandler } from './types.js';

export const joinerActions: CardActionHandler = {
  prefix: JOINER_VERB_PREFIX,
  async handle({ verb, data, caller, tenantId, deps, logger }) {
    const answer = await handleJoinerAction(joinerDeps(deps.services, { logger, now: deps.now }), {
      verb,
      data,
      actor: { aadObjectId: caller.aadObjectId, name: caller.name },
      tenantId,
    });
    return { card: renderView(answer).card };
  },
};
