/**
 * Commands slower than Teams' deadline (DESIGN.md §5: about 15 s; slow work goes to a queue and
 * answers proactively). At the deadline the bot says "still looking", cancels its own run of the
 * command (every NetBird and Graph request it still makes is aborted: shared/http/cancel-scope.ts)
 * and puts a follow-up message on `bot-follow-ups`. The queue trigger (functions/bot-follow-ups.ts)
 * runs the command again, from the start, and posts the answer in the conversation it was asked
 * in. Nothing of the command runs after the messages function has returned.
 *
 * The message is the stored status: a restart leaves it on the queue and the next instance answers.
 * A run that already answered is recorded in the command audit (`followed-up` or `failed` under the
 * correlation id), and a redelivered message finds it there and sends nothing twice.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Services } from '../shared/services.js';
import { FAIL_FAST_QUEUE_OPTIONS, QUEUE_NAMES, TypedQueue } from '../shared/store/queue.js';
import { conversationReferenceSchema } from '../shared/teams/conversation-refs.js';
import { toActivity } from './notifier.js';
import { getServices } from '../functions/root/services.js';
import { ItAccess } from './access.js';
import { getAdapter } from './adapter.js';
import { CommandAudit } from './command-audit.js';
import { COMMANDS } from './commands/index.js';
import type { BotCommand } from './commands/types.js';
import { runCommand } from './run-command.js';

export const followUpSchema = z.object({
  correlationId: z.uuid(),
  command: z.string().min(1).max(40),
  args: z.array(z.string().max(500)).max(20),
  caller: z.object({ aadObjectId: z.string().min(1).max(100), name: z.string().max(200) }),
  conversationType: z.string().max(50),
  /** Where to answer: the conversation (channel thread or personal chat) the command came from. */
  reference: conversationReferenceSchema.extend({ activityId: z.string().max(200).optional() }),
  /** When the person asked (wall clock): the audit's duration runs from here. */
  askedAt: z.iso.datetime({ offset: true }),
});
export type FollowUp = z.infer<typeof followUpSchema>;

const queues = new Map<string, TypedQueue<FollowUp>>();

/** The follow-up queue; the bot's sender fails fast (it must still answer inside Teams' deadline). */
export function followUpQueue(connectionString: string): TypedQueue<FollowUp> {
  let q = queues.get(connectionString);
  if (!q) {
    q = TypedQueue.fromConnectionString(connectionString, QUEUE_NAMES.botFollowUps, {
      schema: followUpSchema,
      clientOptions: FAIL_FAST_QUEUE_OPTIONS,
    });
    queues.set(connectionString, q);
  }
  return q;
}

export interface FollowUpDeps {
  services: Services;
  adapter: CloudAdapter;
  access: ItAccess;
  audit: CommandAudit;
  commands: readonly BotCommand[];
  now: () => Date;
}

let built: { services: Services; deps: FollowUpDeps } | undefined;

/** The queue trigger's dependencies, built once per process (per set of services: tests rebuild them). */
export function followUpDeps(): FollowUpDeps {
  const services = getServices();
  if (built?.services !== services) {
    built = {
      services,
      deps: {
        services,
        adapter: getAdapter(services.config),
        access: new ItAccess(services.graph, services.config.it.groupId),
        audit: new CommandAudit(services.storageConnectionString),
        commands: COMMANDS,
        now: () => new Date(),
      },
    };
  }
  return built.deps;
}

export type FollowUpOutcome = 'answered' | 'already-answered' | 'refused' | 'unknown-command';

/** Runs the command of a follow-up and posts its answer where it was asked. Throws (so the queue retries) only when the answer could not be sent. */
export async function runFollowUp(deps: FollowUpDeps, msg: FollowUp, logger: Logger): Promise<FollowUpOutcome> {
  const log = logger.child({ correlationId: msg.correlationId, command: msg.command });
  const previous = await deps.audit.byCorrelation(msg.correlationId);
  if (previous.some((e) => e.outcome === 'followed-up' || e.outcome === 'failed' || e.outcome === 'usage'))
    return 'already-answered';
  const command = deps.commands.find((c) => c.name === msg.command);
  if (!command) {
    log.warn('follow-up for a command this version does not know; dropped');
    return 'unknown-command';
  }
  // Membership is checked again: the person may have left the IT group since asking.
  const it = await deps.access.isItMember(msg.caller.aadObjectId);
  const permitted = deps.commands.filter((c) => c.audience === 'everyone' || it);
  if (!permitted.includes(command)) {
    log.warn('follow-up refused: the caller is no longer in the IT group', { caller: msg.caller.aadObjectId });
    return 'refused';
  }
  const result = await runCommand(command, {
    args: msg.args,
    caller: msg.caller,
    services: deps.services,
    logger: log,
    correlationId: msg.correlationId,
    now: deps.now,
    commands: permitted,
  });
  try {
    await deps.adapter.continueConversationAsync(
      deps.services.config.bot.appId ?? '',
      msg.reference as unknown as Partial<ConversationReference>,
      async (ctx) => {
        await ctx.sendActivity(toActivity(result.reply));
      },
    );
  } catch (err) {
    // Caught here: onTurnError does not see proactive turns (DESIGN.md §5). The queue retries.
    log.error('could not send the follow-up answer', { error: errorMessage(err) });
    throw err;
  }
  const outcome = result.outcome === 'answered' ? 'followed-up' : result.outcome;
  await deps.audit.record(
    {
      correlationId: msg.correlationId,
      caller: msg.caller,
      command: command.name,
      args: msg.args,
      conversationType: msg.conversationType,
      outcome,
      ...(result.detail ? { detail: result.detail } : {}),
      durationMs: Date.now() - Date.parse(msg.askedAt),
    },
    log,
  );
  return 'answered';
}
