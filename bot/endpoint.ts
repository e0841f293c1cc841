/**
 * `POST /api/messages`: the Bot Framework endpoint. Builds the bot once per process (per set of
 * services: tests rebuild them), bridges the request to `CloudAdapter.process`, and hands back
 * what the adapter answered. The adapter checks the JWT when a bot app id is set (401 without a
 * valid one); the bot checks the tenant.
 * `onTurnError` logs and swallows: Teams gets a 200 and the person a short apology, never a stack.
 */
import type { HttpHandler } from '@azure/functions';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { getAdapter } from './adapter.js';
import { notice } from '../cards/bot/notice.js';
import { httpHandler } from '../shared/host/http-handler.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { type Services } from '../shared/services.js';
import { getServices } from '../functions/root/services.js';
import { ConversationRefs } from '../shared/teams/conversation-refs.js';
import { toActivity } from './notifier.js';
import { ItAccess } from './access.js';
import { CARD_ACTIONS } from './actions/index.js';
import { createBot, type BotLogic } from './bot.js';
import { BotResponse, toBotRequest } from './bridge.js';
import { CommandAudit } from './command-audit.js';
import { COMMANDS } from './commands/index.js';
import { DEFAULT_DEADLINE_MS } from './deadline.js';
import type { BotDeps } from './deps.js';

export interface EndpointOptions {
  /** Default 10 s (Teams allows about 15). */
  deadlineMs?: number;
  /** Default the system clock. */
  now?: () => Date;
}

export interface MessagesEndpoint {
  handler: HttpHandler;
  /** Resolves when every follow-up started so far has been sent (or failed and been logged). */
  settled(): Promise<void>;
}

const SORRY = notice('Something went wrong', ['The details are in the log.'], 'Attention');

/** The last resort for errors in a turn: log them, apologise to a person who wrote, never rethrow. */
async function onTurnError(ctx: TurnContext, error: unknown, logger: Logger): Promise<void> {
  logger.error('unhandled error in a bot turn', { error: errorMessage(error), type: ctx.activity.type });
  if (ctx.activity.type === 'message') await ctx.sendActivity(toActivity(SORRY)).catch(() => undefined);
}

export function createMessagesEndpoint(options: EndpointOptions = {}): MessagesEndpoint {
  let built: { services: Services; adapter: CloudAdapter; logic: BotLogic } | undefined;
  const pending = new Set<Promise<void>>();
  const background = (work: Promise<void>) => {
    const tracked = work.catch(() => undefined).finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  function bot(): { adapter: CloudAdapter; logic: BotLogic } {
    const services = getServices();
    const adapter = getAdapter(services.config);
    if (built?.services !== services || built.adapter !== adapter) {
      // Errors in middleware or the adapter itself; the turn logic catches its own below.
      adapter.onTurnError = (ctx, error) => onTurnError(ctx, error, services.logger);
      const deps: BotDeps = {
        services,
        adapter,
        access: new ItAccess(services.graph, services.config.it.groupId),
        audit: new CommandAudit(services.storageConnectionString),
        refs: new ConversationRefs(services.storageConnectionString),
        commands: COMMANDS,
        actions: CARD_ACTIONS,
        now: options.now ?? (() => new Date()),
        deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
        background,
      };
      built = { services, adapter, logic: createBot(deps) };
    }
    return built;
  }

  const handler = httpHandler(async (request, logger) => {
    const { adapter, logic } = bot();
    const req = await toBotRequest(request);
    const res = new BotResponse();
    let turnRan = false;
    await adapter.process(req, res, (ctx) => {
      turnRan = true;
      return logic(ctx, logger).catch((err: unknown) => onTurnError(ctx, err, logger));
    });
    // Before the turn, `process` only authenticates; it answers 401 for botbuilder's own
    // AuthenticationError but 500 for a token that fails signature checks (jsonwebtoken's error).
    // Either way the sender was not authenticated.
    if (!turnRan && res.statusCode >= 500) res.status(401).send('Unauthorized');
    const response = res.toHttpResponse();
    if ((response.status ?? 200) >= 400)
      logger.warn('activity refused by the Bot Framework adapter', { status: response.status });
    return response;
  });

  return {
    handler,
    settled: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
