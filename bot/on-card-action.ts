/**
 * An `adaptiveCard/action` invoke: find the handler by verb prefix, let it decide, and answer
 * with the invoke response Teams expects (the card that replaces the clicked one for the clicker).
 * An unknown verb or a failure gets an error card and changes nothing. When the handler asks,
 * the message is also updated for everyone (`updateActivity` on `replyToId`).
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#adaptivecardaction-invoke-activity
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { notice } from '../cards/bot/notice.js';
import { CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/types.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { CardActionResult } from './actions/types.js';
import type { Incoming } from './activity.js';
import type { BotDeps } from './deps.js';
import { REFUSAL } from './on-message.js';
import { failureReply } from './run-command.js';

type CardActionIn = Extract<Incoming, { kind: 'card-action' }>;

/** The invoke response body for a card: `{ statusCode, type, value }`. */
export function cardInvokeResponse(card: AdaptiveCard): { status: number; body: unknown } {
  return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
}

async function decide(
  incoming: CardActionIn,
  tenantId: string,
  deps: BotDeps,
  logger: Logger,
): Promise<CardActionResult> {
  const { caller } = incoming;
  if (!caller) return { card: REFUSAL.card };
  const handler = deps.actions.find((h) => incoming.verb.startsWith(h.prefix));
  if (!handler) {
    logger.warn('card action with an unknown verb', { verb: incoming.verb });
    return { card: notice('This button is not something I know', ['Nothing was changed.'], 'Attention').card };
  }
  try {
    return await handler.handle({
      verb: incoming.verb,
      data: incoming.data,
      caller,
      tenantId,
      trigger: incoming.trigger,
      replyToId: incoming.replyToId,
      conversationType: incoming.conversationType,
      deps,
      logger,
    });
  } catch (err) {
    const correlationId = randomUUID();
    logger.error('card action failed', {
      verb: incoming.verb,
      correlationId,
      error: err instanceof Error ? err : String(err),
    });
    return { card: failureReply(err, correlationId).card };
  }
}

export async function onCardAction(
  ctx: TurnContext,
  incoming: CardActionIn,
  tenantId: string,
  deps: BotDeps,
  logger: Logger,
): Promise<void> {
  const result = await decide(incoming, tenantId, deps, logger);
  if (result.updateForEveryone && incoming.replyToId) {
    try {
      await ctx.updateActivity({
        type: 'message',
        id: incoming.replyToId,
        attachments: [{ contentType: CARD_CONTENT_TYPE, content: result.card }],
      });
    } catch (err) {
      logger.warn('could not update the card for everyone', { verb: incoming.verb, error: errorMessage(err) });
    }
  }
  await ctx.sendActivity({ type: 'invokeResponse', value: cardInvokeResponse(result.card) });
}
