/**
 * Card buttons (`Action.Execute`) arrive as `adaptiveCard/action` invokes and are routed by the
 * verb's prefix: `offboarding.` to the offboarding use-case, `bot.` to the bot's own, `wave.` to
 * wave health. A handler returns the card that replaces the clicked one for the person who clicked
 * (the invoke response), and may ask for the message to be updated for everyone too.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
import type { AdaptiveCard } from '../../cards/types.js';
import type { Logger } from '../../shared/logger.js';
import type { Caller } from '../commands/types.js';
import type { BotDeps } from '../deps.js';

export interface CardActionInput {
  verb: string;
  /** `action.data` from the card: untrusted input, validated by each handler. Never used to decide who may act. */
  data: Record<string, unknown>;
  /** From `activity.from`: who clicked. */
  caller: Caller;
  tenantId: string;
  /** `automatic` for a card refresh (`refresh.userIds`), `manual` for a click. */
  trigger: 'manual' | 'automatic';
  /** The message the card is on. */
  replyToId: string | undefined;
  conversationType: string;
  deps: BotDeps;
  logger: Logger;
}

export interface CardActionResult {
  card: AdaptiveCard;
  /** Also replace the message the card is on, for everyone in the conversation (`updateActivity`). */
  updateForEveryone?: boolean;
}

export interface CardActionHandler {
  /** Verbs starting with this are this handler's, e.g. `bot.`. */
  prefix: string;
  handle(input: CardActionInput): Promise<CardActionResult>;
}
