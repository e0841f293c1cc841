/**
 * A message to the bot: parse it, check who is asking, run the command with a typing indicator,
 * answer inside the deadline or say "still looking" and hand the command to the follow-up queue,
 * and audit the run.
 *
 * The follow-up (bot/follow-up.ts) runs the command again in a queue trigger and answers through
 * `continueConversationAsync` on the conversation the message came from (a channel thread or the
 * personal chat), stored in the queue message: the turn's own context is gone by then.
 * https://learn.microsoft.com/azure/bot-service/bot-builder-howto-proactive-message
 */
import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import { helpCard } from '../cards/bot/help.js';
import { notice } from '../cards/bot/notice.js';
import { errorMessage } from '../shared/errors.js';
import { runCancellable } from '../shared/http/cancel-scope.js';
import type { Logger } from '../shared/logger.js';
import { toActivity } from './notifier.js';
import type { Incoming } from './activity.js';
import type { BotDeps } from './deps.js';
import type { BotCommand, Caller, Reply } from './commands/types.js';
import { withinDeadline } from './deadline.js';
import { followUpQueue, followUpSchema } from './follow-up.js';
import { parseCommand } from './parser.js';
import { runCommand, type CommandResult } from './run-command.js';

type MessageIn = Extract<Incoming, { kind: 'message' }>;

export const REFUSAL = notice(
  'Sorry, these commands are for the IT team',
  ['Only members of the IT group can run them. If you need something checked, ask the service desk.'],
  'Warning',
);

async function send(ctx: TurnContext, reply: Reply): Promise<void> {
  await ctx.sendActivity(toActivity(reply));
}

/** `log`, silent once `signal` aborted: the cancelled run's aborted requests are not failures to report. */
function untilAborted(log: Logger, signal: AbortSignal): Logger {
  const gate =
    (fn: (message: string, fields?: Record<string, unknown>) => void) =>
    (message: string, fields?: Record<string, unknown>) => {
      if (!signal.aborted) fn(message, fields);
    };
  return {
    debug: gate(log.debug.bind(log)),
    info: gate(log.info.bind(log)),
    warn: gate(log.warn.bind(log)),
    error: gate(log.error.bind(log)),
    child: (fields) => untilAborted(log.child(fields), signal),
  };
}

/** The commands this caller may run; undefined when membership could not be checked. */
async function permittedFor(deps: BotDeps, caller: Caller, logger: Logger): Promise<readonly BotCommand[] | undefined> {
  try {
    const it = await deps.access.isItMember(caller.aadObjectId);
    return deps.commands.filter((c) => c.audience === 'everyone' || it);
  } catch (err) {
    logger.error('IT group membership check failed', { error: errorMessage(err) });
    return undefined;
  }
}

export async function onMessage(ctx: TurnContext, incoming: MessageIn, deps: BotDeps, logger: Logger): Promise<void> {
  const { caller } = incoming;
  if (!caller) {
    await send(ctx, REFUSAL);
    return;
  }
  const parsed = parseCommand(incoming.text, deps.commands);
  const permitted = await permittedFor(deps, caller, logger);
  if (!permitted) {
    await send(
      ctx,
      notice(
        'I could not check your IT group membership',
        ['Microsoft Graph did not answer. Try again in a minute.'],
        'Attention',
      ),
    );
    return;
  }
  if (parsed.kind === 'unknown') {
    const suggestions = parsed.suggestions.filter((c) => permitted.includes(c));
    await send(
      ctx,
      helpCard({
        title: `I don't know "${parsed.word}"`,
        intro: suggestions.length ? 'Did you mean:' : 'Type help for the list of commands.',
        commands: suggestions.map((c) => ({ usage: c.usage, summary: c.summary, example: c.example })),
      }),
    );
    return;
  }
  const command = parsed.kind === 'empty' ? deps.commands.find((c) => c.name === 'help') : parsed.command;
  if (!command) return;
  const args = parsed.kind === 'command' ? parsed.args : [];
  const correlationId = randomUUID();
  const log = logger.child({ correlationId, command: command.name });
  const started = performance.now();
  const record = (outcome: CommandResult['outcome'] | 'refused' | 'followed-up', detail?: string) =>
    deps.audit.record(
      {
        correlationId,
        caller,
        command: command.name,
        args,
        conversationType: incoming.conversationType,
        outcome,
        ...(detail ? { detail } : {}),
        durationMs: performance.now() - started,
      },
      log,
    );

  if (!permitted.includes(command)) {
    log.warn('command refused: caller is not in the IT group', { caller: caller.aadObjectId });
    await send(ctx, REFUSAL);
    await record('refused');
    return;
  }

  // The work starts first, cancellable (its NetBird and Graph requests are aborted at the
  // deadline); the typing indicator goes out while it runs (and may fail alone).
  const cancel = new AbortController();
  const work = runCancellable(cancel.signal, () =>
    runCommand(command, {
      args,
      caller,
      services: deps.services,
      logger: untilAborted(log, cancel.signal),
      correlationId,
      now: deps.now,
      commands: permitted,
    }),
  );
  await ctx
    .sendActivity({ type: 'typing' })
    .catch((err: unknown) => log.warn('typing indicator not sent', { error: errorMessage(err) }));
  const result = await withinDeadline(work, Math.max(0, deps.deadlineMs - (performance.now() - started)));
  if (result) {
    await send(ctx, result.reply);
    await record(result.outcome, result.detail);
    return;
  }

  // Too slow for this turn: stop this run and hand the command to the follow-up queue, whose
  // trigger runs it again and answers here (bot/follow-up.ts). Nothing goes on after we return.
  cancel.abort();
  deps.background(work.then(() => undefined));
  log.info('command slower than the deadline: answering later', { deadlineMs: deps.deadlineMs });
  const reference = TurnContext.getConversationReference(ctx.activity);
  try {
    await followUpQueue(deps.services.storageConnectionString).send({
      correlationId,
      command: command.name,
      args,
      caller: { aadObjectId: caller.aadObjectId, name: caller.name.slice(0, 200) },
      conversationType: incoming.conversationType,
      // Validated here, at the boundary: a reference without what a proactive send needs fails now, not in the trigger.
      reference: followUpSchema.shape.reference.parse(reference),
      askedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    });
  } catch (err) {
    log.error('could not queue the follow-up', { error: errorMessage(err) });
    await send(
      ctx,
      notice(
        'This takes too long',
        [
          `I could not finish in time and could not queue the rest. Try again in a minute (reference ${correlationId}).`,
        ],
        'Attention',
      ),
    );
    await record('failed', `follow-up not queued: ${errorMessage(err)}`);
    return;
  }
  await send(
    ctx,
    notice('Still looking…', [
      `This takes longer than usual. I will post the answer here when it is ready (reference ${correlationId}).`,
    ]),
  );
}
