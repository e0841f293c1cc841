/**
 * The joiners' Teams port (shared/joiners/deps.ts `JoinerTeams`): renders each view into its
 * Adaptive Card (cards/joiners/) and sends it through the app's notifier, which catches Teams
 * errors where the send happens (DESIGN.md §5). Also builds the joiner deps for the bot and the
 * timer, the two edges that run joiner use-cases.
 */
import { renderNoticeCard } from '../../cards/offboarding/notice.js';
import { renderJoinerCard } from '../../cards/joiners/approval.js';
import type { AdaptiveCard } from '../../cards/types.js';
import { joinerDeps, type JoinerDeps, type JoinerTeams } from '../../shared/joiners/deps.js';
import type { JoinerAnswer, JoinerCardView } from '../../shared/joiners/views.js';
import type { Logger } from '../../shared/logger.js';
import type { Services } from '../../shared/services.js';
import { getNotifier, type OutgoingMessage, type TeamsNotifier } from '../../shared/teams/notifier.js';

const message = (view: JoinerCardView): OutgoingMessage => ({ card: renderJoinerCard(view), text: view.text });

export function joinerTeams(notifier: () => TeamsNotifier = getNotifier): JoinerTeams {
  return {
    sendToUserOrChannel: (user, view) => notifier().sendToUserOrChannel(user, message(view)),
    postToChannel: (view, mentions = []) => notifier().postToChannel({ ...message(view), ...(mentions.length ? { mentions } : {}) }),
    update: (sent, view) => notifier().update(sent, message(view)),
  };
}

/** The card the clicker sees: the joiner card, or a short notice. */
export function renderJoinerAnswer(answer: JoinerAnswer): AdaptiveCard {
  return answer.kind === 'notice' ? renderNoticeCard({ title: answer.title, text: answer.text, style: answer.style }) : renderJoinerCard(answer);
}

export function teamsJoinerDeps(services: Services, overrides: { logger?: Logger; now?: () => Date } = {}): JoinerDeps {
  let port: JoinerTeams | undefined;
  return joinerDeps(services, () => (port ??= joinerTeams()), overrides);
}
