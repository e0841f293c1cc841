/**
 * Every command run (and every refusal) is an audit event in the app's one audit table
 * (`AuditEvents`, shared/store/audit.ts), under its own correlation id: who asked what, from
 * which kind of conversation, how it ended and how long it took.
 *
 * The events carry the caller as `actor` and not as the envelope's `userId`: the per-user
 * partitions of that table hold the trails of offboarded users, which a command run is not part of.
 */
import { z } from 'zod';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { AuditLog, auditEnvelopeSchema, auditStamp } from '../shared/store/audit.js';
import { EntityTable } from '../shared/store/table.js';
import { tableName } from '../shared/store/tables.js';
import type { Caller } from './commands/types.js';

export const COMMAND_OUTCOMES = ['answered', 'followed-up', 'refused', 'usage', 'failed'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

const MAX_ARG_CHARS = 200;

export const commandAuditEventSchema = auditEnvelopeSchema.extend({
  kind: z.literal('bot.command'),
  actor: z.object({ aadObjectId: z.string(), name: z.string() }),
  command: z.string().max(100),
  args: z.array(z.string().max(MAX_ARG_CHARS)).max(20),
  conversationType: z.string().max(50),
  outcome: z.enum(COMMAND_OUTCOMES),
  detail: z.string().max(1000).optional(),
  durationMs: z.number().int().nonnegative(),
});
export type CommandAuditEvent = z.infer<typeof commandAuditEventSchema>;

export interface CommandRecord {
  correlationId: string;
  caller: Caller;
  command: string;
  args: readonly string[];
  conversationType: string;
  outcome: CommandOutcome;
  detail?: string;
  durationMs: number;
}

export class CommandAudit {
  private readonly log: AuditLog<CommandAuditEvent>;

  constructor(
    connectionString: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.log = new AuditLog(
      EntityTable.fromConnectionString(connectionString, tableName('auditEvents'), { schema: commandAuditEventSchema }),
    );
  }

  /** Appends the event; a storage failure is logged, never thrown: the caller already has the answer. */
  async record(r: CommandRecord, logger: Logger): Promise<void> {
    const event: CommandAuditEvent = {
      ...auditStamp(this.now()),
      correlationId: r.correlationId,
      kind: 'bot.command',
      actor: { aadObjectId: r.caller.aadObjectId, name: r.caller.name.slice(0, 200) },
      command: r.command,
      args: r.args.slice(0, 20).map((a) => a.slice(0, MAX_ARG_CHARS)),
      conversationType: r.conversationType,
      outcome: r.outcome,
      ...(r.detail ? { detail: r.detail.slice(0, 1000) } : {}),
      durationMs: Math.max(0, Math.round(r.durationMs)),
    };
    try {
      await this.log.append(event);
    } catch (err) {
      logger.error('could not record the command in the audit log', {
        correlationId: r.correlationId,
        command: r.command,
        error: errorMessage(err),
      });
    }
  }

  byCorrelation(correlationId: string): Promise<CommandAuditEvent[]> {
    return this.log.listByCorrelation(correlationId);
  }
}
