/**
 * Proactive messages: a card to a person (1:1 where the app is installed for them), a post in the
 * IT channel, and in-place updates of a card already sent. Errors are caught here, where the send
 * happens, because `onTurnError` swallows errors thrown in proactive turns (DESIGN.md §5): a 403
 * (`BotNotInConversationRoster`, app not installed) is recorded and reported as "not sent".
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { escapeMarkdown } from '../cards/plain-text.js';
import { CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/types.js';
import type { Config } from '../shared/config/index.js';
import { UpstreamError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { ConversationRefs, StoredReference } from '../shared/teams/conversation-refs.js';
import type { Mention, SentMessage } from '../shared/teams/sender.js';

export type { Mention, SentMessage };
/** A rendered card ready to send (bot/teams-sender.ts renders the core's views into these). */
export interface OutgoingMessage {
  card: AdaptiveCard;
  /** Fallback text: notifications, screen readers, clients that cannot render the card. */
  text: string;
  /** People to @mention (channel posts). */
  mentions?: Mention[];
}

export interface NotifierDeps {
  adapter: CloudAdapter;
  refs: ConversationRefs;
  bot: Config['bot'];
  channelId: string;
  logger: Logger;
}

function statusOf(err: unknown): number {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const s = e.statusCode ?? e.status ?? e.response?.status;
  return typeof s === 'number' ? s : 0;
}

function mentionText(m: Mention): string {
  return `<at>${m.name.replace(/[<>]/g, '')}</at>`;
}

/**
 * The message activity for a card. Teams renders a message's `text` as markdown, and it carries
 * user data (names, UPNs, typed text), so it is escaped like card text (cards/plain-text.ts); the
 * `<at>` mention tags, which must match the mention entities exactly, are added after.
 */
export function toActivity(message: OutgoingMessage): Record<string, unknown> {
  const mentions = message.mentions ?? [];
  const plain = escapeMarkdown(message.text);
  const text = mentions.length ? `${mentions.map(mentionText).join(' ')} ${plain}` : plain;
  return {
    type: 'message',
    text,
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: message.card }],
    ...(mentions.length
      ? {
          entities: mentions.map((m) => ({
            type: 'mention',
            text: mentionText(m),
            mentioned: { id: m.aadObjectId, name: m.name },
          })),
        }
      : {}),
  };
}

/** The conversation id of a post's reply thread: the channel's id (without any thread part) and the root post. */
export function threadConversationId(root: Pick<SentMessage, 'conversationId' | 'activityId'>): string {
  return `${root.conversationId.split(';')[0]};messageid=${root.activityId}`;
}

export class TeamsNotifier {
  constructor(private readonly deps: NotifierDeps) {}

  private channelReference(): StoredReference {
    const { bot, channelId } = this.deps;
    return {
      channelId: 'msteams',
      serviceUrl: bot.serviceUrl,
      conversation: { id: channelId, isGroup: true, conversationType: 'channel', tenantId: bot.tenantId },
      bot: { id: `28:${bot.appId ?? ''}` },
    };
  }

  private async send(
    reference: StoredReference,
    run: (ctx: TurnContext) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    let result: string | undefined;
    await this.deps.adapter.continueConversationAsync(
      this.deps.bot.appId ?? '',
      reference as unknown as Partial<ConversationReference>,
      async (ctx) => {
        result = await run(ctx);
      },
    );
    return result;
  }

  /** A 1:1 message; undefined when the app is not installed for the user (no reference, or 403). */
  async sendToUser(aadObjectId: string, message: OutgoingMessage): Promise<SentMessage | undefined> {
    const reference = await this.deps.refs.forUser(aadObjectId);
    if (!reference) return undefined;
    try {
      const id = await this.send(reference, async (ctx) => (await ctx.sendActivity(toActivity(message)))?.id);
      return {
        conversationId: reference.conversation.id,
        activityId: id ?? '',
        serviceUrl: reference.serviceUrl,
        via: 'personal',
      };
    } catch (err) {
      if (statusOf(err) === 403 || statusOf(err) === 404) {
        this.deps.logger.warn('personal message refused: the app is not installed for this user', {
          aadObjectId,
          status: statusOf(err),
        });
        await this.deps.refs.markNotInstalled(aadObjectId);
        return undefined;
      }
      throw new UpstreamError('botframework', statusOf(err), 'Sending a Teams message failed');
    }
  }

  /** A new post in the IT channel. */
  async postToChannel(message: OutgoingMessage): Promise<SentMessage> {
    const reference = (await this.deps.refs.forConversation(this.deps.channelId)) ?? this.channelReference();
    try {
      const id = await this.send(reference, async (ctx) => (await ctx.sendActivity(toActivity(message)))?.id);
      return {
        conversationId: reference.conversation.id,
        activityId: id ?? '',
        serviceUrl: reference.serviceUrl,
        via: 'channel',
      };
    } catch (err) {
      throw new UpstreamError('botframework', statusOf(err), 'Posting to the IT channel failed');
    }
  }

  /** 1:1 where the app is installed for the person, otherwise an IT-channel post that mentions them. */
  async sendToUserOrChannel(user: Mention, message: OutgoingMessage): Promise<SentMessage> {
    const personal = await this.sendToUser(user.aadObjectId, message);
    if (personal) return personal;
    return this.postToChannel({ ...message, mentions: [...(message.mentions ?? []), user] });
  }

  /**
   * A reply in the thread of a channel post. Editing a card notifies nobody; a reply does (people
   * following the thread get it in their activity feed). Teams threads a proactive send when the
   * conversation id names the root post: `<channel id>;messageid=<root activity id>` (the Teams
   * SDK's `Conversation.ToThreadedConversationId`).
   * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
   */
  async replyInThread(root: SentMessage, message: OutgoingMessage): Promise<SentMessage> {
    const conversationId = threadConversationId(root);
    const reference: StoredReference = {
      ...this.channelReference(),
      serviceUrl: root.serviceUrl,
      conversation: {
        id: conversationId,
        isGroup: true,
        conversationType: 'channel',
        tenantId: this.deps.bot.tenantId,
      },
    };
    try {
      const id = await this.send(reference, async (ctx) => (await ctx.sendActivity(toActivity(message)))?.id);
      return { conversationId, activityId: id ?? '', serviceUrl: root.serviceUrl, via: 'channel' };
    } catch (err) {
      throw new UpstreamError('botframework', statusOf(err), 'Replying in the IT channel failed');
    }
  }

  /** Replaces a card already sent, for everyone who sees it (`updateActivity`). */
  async update(sent: SentMessage, message: OutgoingMessage): Promise<void> {
    const reference: StoredReference = {
      ...this.channelReference(),
      serviceUrl: sent.serviceUrl,
      conversation: { id: sent.conversationId },
    };
    try {
      await this.send(reference, async (ctx) => {
        await ctx.updateActivity({
          ...toActivity(message),
          id: sent.activityId,
          conversation: { id: sent.conversationId },
        } as never);
        return undefined;
      });
    } catch (err) {
      throw new UpstreamError('botframework', statusOf(err), 'Updating a Teams message failed');
    }
  }
}
