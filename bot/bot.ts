/**
 * The bot's turn: check the tenant, remember the conversation, then route by what arrived.
 * Activities from another tenant are ignored and logged (DESIGN.md §5: check the activity's tenant
 * is ours, besides the JWT). A conversation reference is saved on install and on every message,
 * alongside the work rather than before it; a storage failure there is logged, not fatal.
 */
import { TurnContext } from 'botbuilder';
import { notice } from '../cards/bot/notice.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { toActivity } from './notifier.js';
import type { StoredReference } from '../shared/teams/conversation-refs.js';
import { readActivity, type Incoming } from './activity.js';
import type { BotDeps } from './deps.js';
import { onCardAction } from './on-card-action.js';
import { onMessage } from './on-message.js';

export type BotLogic = (ctx: TurnContext, logger: Logger) => Promise<void>;

export const WELCOME = notice('Hello, I am NetBird Entra Ops', [
  "I answer IT questions about the NetBird VPN: does a laptop have line of sight to a domain controller, and what did a user's password resets do.",
  'Type help to see the commands.',
]);

/**
 * The reference to keep for proactive sends. A channel message's conversation id carries the
 * thread (`19:…@thread.tacv2;messageid=…`): the channel itself is kept, so later posts start new
 * threads in it (what the notifier's IT-channel posts look up).
 */
export function referenceToKeep(activity: TurnContext['activity']): StoredReference {
  const reference = TurnContext.getConversationReference(activity) as unknown as StoredReference;
  const channel = (activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
  if (reference.conversation.conversationType === 'channel' && typeof channel === 'string') {
    return { ...reference, conversation: { ...reference.conversation, id: channel } };
  }
  return reference;
}

function sameTenant(incoming: Incoming, ours: string): incoming is Incoming & { tenantId: string } {
  return typeof incoming.tenantId === 'string' && incoming.tenantId.toLowerCase() === ours.toLowerCase();
}

export function createBot(deps: BotDeps): BotLogic {
  return async (ctx, logger) => {
    const incoming = readActivity(ctx.activity);
    if (!sameTenant(incoming, deps.services.config.bot.tenantId)) {
      logger.warn('activity from another tenant ignored', {
        tenantId: incoming.tenantId ?? '(none)',
        type: ctx.activity.type,
      });
      return;
    }
    const saving =
      incoming.kind === 'message' || incoming.kind === 'installed'
        ? deps.refs
            .save(referenceToKeep(ctx.activity))
            .catch((err: unknown) =>
              logger.warn('could not save the conversation reference', { error: errorMessage(err) }),
            )
        : Promise.resolve();
    try {
      switch (incoming.kind) {
        case 'message':
          await onMessage(ctx, incoming, deps, logger);
          break;
        case 'card-action':
          await onCardAction(ctx, incoming, incoming.tenantId, deps, logger);
          break;
        case 'installed':
          if (incoming.conversationType === 'personal') await ctx.sendActivity(toActivity(WELCOME));
          break;
        case 'invoke':
        case 'other':
          logger.debug('activity not handled', { kind: incoming.kind, type: ctx.activity.type });
          break;
      }
    } finally {
      await saving;
    }
  };
}
