/**
 * What a bot command is: one file in `bot/commands/` exporting a `BotCommand`, listed once in
 * `bot/commands/index.ts`. A command gets its arguments as typed (case kept) and the caller, and
 * returns the reply (a card and its fallback text); it never talks to Teams itself, so a slow
 * command's answer can be sent later as a proactive follow-up without the command knowing.
 */
import type { Logger } from '../../shared/logger.js';
import type { Services } from '../../shared/services.js';
import type { OutgoingMessage } from '../notifier.js';
import type { CommandSpec } from '../parser.js';

/** The person who sent the activity (from `activity.from`, never from card data). */
export interface Caller {
  aadObjectId: string;
  name: string;
}

/** A card and its fallback text. */
export type Reply = OutgoingMessage;

/** `it`: members of the IT group (config `IT_GROUP_ID`, transitive). `everyone`: anyone in the tenant. */
export type Audience = 'it' | 'everyone';

export interface CommandContext {
  /** The words after the verb, as typed. */
  args: string[];
  caller: Caller;
  services: Services;
  logger: Logger;
  /** One id per command run: the audit event's correlation id and every log line's. */
  correlationId: string;
  now: () => Date;
  /** The commands this caller may use (what `help` lists). */
  commands: readonly BotCommand[];
}

export interface BotCommand extends CommandSpec {
  /** `tunnel <device | user>`: shown in help and in usage errors. */
  usage: string;
  /** A complete example, shown in help. */
  example: string;
  /** One line: what it answers. */
  summary: string;
  audience: Audience;
  /**
   * false: works when typed and is in help, but is left out of the Teams manifest's command lists
   * (12 at most per list: which commands are offered there is the integrator's choice).
   */
  inManifest?: boolean;
  run(ctx: CommandContext): Promise<Reply>;
}

/** Thrown by a command whose arguments are missing or malformed: the caller gets the usage line. */
/** Bad command input (moved to shared/errors.ts; re-exported for the commands). */
export { UsageError } from '../../shared/errors.js';
