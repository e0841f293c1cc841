/**
 * The core's Teams port (shared/teams/sender.ts) implemented with botbuilder: each view is
 * rendered into its card (cards/views.ts) and sent by the TeamsNotifier. The adapter and the
 * notifier are built on first send: only hosts and steps that send need the bot settings.
 */
import { renderView } from '../cards/views.js';
import type { Config } from '../shared/config/index.js';
import type { Logger } from '../shared/logger.js';
import { ConversationRefs } from '../shared/teams/conversation-refs.js';
import type { Mention, SentMessage, TeamsSender, TeamsView } from '../shared/teams/sender.js';
import { getAdapter } from './adapter.js';
import { TeamsNotifier, type OutgoingMessage } from './notifier.js';

export class BotTeamsSender implements TeamsSender {
  private built: TeamsNotifier | undefined;

  constructor(private readonly notifier: () => TeamsNotifier) {}

  private get send(): TeamsNotifier {
    this.built ??= this.notifier();
    return this.built;
  }

  private static message(view: TeamsView, mentions?: Mention[]): OutgoingMessage {
    const { card, text } = renderView(view);
    return mentions?.length ? { card, text, mentions } : { card, text };
  }

  sendToUser(aadObjectId: string, view: TeamsView): Promise<SentMessage | undefined> {
    return this.send.sendToUser(aadObjectId, BotTeamsSender.message(view));
  }

  postToChannel(view: TeamsView, mentions?: Mention[]): Promise<SentMessage> {
    return this.send.postToChannel(BotTeamsSender.message(view, mentions));
  }

  sendToUserOrChannel(user: Mention, view: TeamsView): Promise<SentMessage> {
    return this.send.sendToUserOrChannel(user, BotTeamsSender.message(view));
  }

  replyInThread(root: SentMessage, view: TeamsView): Promise<SentMessage> {
    return this.send.replyInThread(root, BotTeamsSender.message(view));
  }

  update(sent: SentMessage, view: TeamsView): Promise<void> {
    return this.send.update(sent, BotTeamsSender.message(view));
  }
}

/** The sender over the process-wide adapter (bot/adapter.ts) and the conversation references in storage. */
export function botTeamsSender(config: Config, logger: Logger): TeamsSender {
  return new BotTeamsSender(
    () =>
      new TeamsNotifier({
        adapter: getAdapter(config),
        refs: new ConversationRefs(config.storage.connectionString ?? ''),
        bot: config.bot,
        channelId: config.it.channelId,
        logger,
      }),
  );
}
