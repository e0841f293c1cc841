/**
 * Runs one command and always comes back with something to say: the command's answer, its usage
 * line for bad arguments, or a plain failure notice. A failure names the service that failed
 * and the correlation id (to find the log lines), never an upstream message: those can carry
 * URLs and user names that belong in the log, not in a channel.
 */
import { notice } from '../cards/bot/notice.js';
import { AppError, errorMessage, UpstreamError } from '../shared/errors.js';
import type { CommandOutcome } from './command-audit.js';
import { UsageError, type BotCommand, type CommandContext, type Reply } from './commands/types.js';

export interface CommandResult {
  reply: Reply;
  outcome: Extract<CommandOutcome, 'answered' | 'usage' | 'failed'>;
  detail?: string;
}

const SERVICE_NAMES: Record<UpstreamError['service'], string> = {
  netbird: 'NetBird',
  graph: 'Microsoft Graph',
  botframework: 'Teams',
  storage: 'Storage',
};

export function failureReply(err: unknown, correlationId: string): Reply {
  const ref = `Reference: ${correlationId}`;
  if (err instanceof UpstreamError) {
    const answered = err.upstreamStatus ? `answered HTTP ${err.upstreamStatus}` : 'did not answer';
    const later = err.transient ? ' Try again in a minute.' : '';
    return notice(`${SERVICE_NAMES[err.service]} ${answered}`, [`I could not finish this.${later}`, ref], 'Attention');
  }
  if (err instanceof AppError && err.status < 500)
    return notice('I could not do that', [err.message, ref], 'Attention');
  return notice('Something went wrong', ['The details are in the log.', ref], 'Attention');
}

export async function runCommand(command: BotCommand, ctx: CommandContext): Promise<CommandResult> {
  try {
    return { reply: await command.run(ctx), outcome: 'answered' };
  } catch (err) {
    if (err instanceof UsageError) {
      return {
        reply: notice(`Usage: ${command.usage}`, [err.message, `Example: ${command.example}`], 'Warning'),
        outcome: 'usage',
        detail: err.message,
      };
    }
    ctx.logger.error('command failed', {
      command: command.name,
      error: err instanceof Error ? err : String(err),
      ...(err instanceof UpstreamError ? { service: err.service, upstreamStatus: err.upstreamStatus } : {}),
    });
    return { reply: failureReply(err, ctx.correlationId), outcome: 'failed', detail: errorMessage(err).slice(0, 300) };
  }
}
