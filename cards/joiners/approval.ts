/**
 * The joiner approval card (Adaptive Card 1.5, `Action.Execute`): who asks to join NetBird, what
 * Entra says about them, what NetBird would give them, and Approve / Reject. The same template
 * shows the outcome once decided, and is what every copy is updated to in place. The view it
 * renders is built in shared/joiners/views.ts.
 */
import type { JoinerCardView } from '../../shared/joiners/views.js';
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import template from './approval.json' with { type: 'json' };

export const JOINER_REFRESH_VERB = 'joiner.refresh';

export function renderJoinerCard(view: JoinerCardView): AdaptiveCard {
  const card = renderCard(template, view);
  const userIds = view.refreshUserIds.slice(0, 60);
  if ((view.canApprove || view.canReject) && userIds.length > 0) {
    card.refresh = {
      action: { type: 'Action.Execute', verb: JOINER_REFRESH_VERB, data: { joinerId: view.joinerId } },
      userIds,
    };
  }
  return card;
}
