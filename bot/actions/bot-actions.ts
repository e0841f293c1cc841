/**
 * The bot's own buttons (`bot.` verbs). Each is an IT command in another form, so the same rules
 * hold: the clicker must be in the IT group (checked from `activity.from`, never card data), the
 * data is validated, and the run is audited like a typed command.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { notice } from '../../cards/bot/notice.js';
import { PICK_VERB } from '../../cards/bot/peer-pick.js';
import type { Reply } from '../commands/types.js';
import { tunnelForPeer } from '../../shared/diagnostics/tunnel.js';
import { tunnelView } from '../../cards/diagnostics/tunnel-view.js';
import { REFUSAL } from '../on-message.js';
import { failureReply } from '../run-command.js';
import { offboardCancel, offboardConfirm, OFFBOARD_CANCEL_VERB, OFFBOARD_CONFIRM_VERB } from './offboard-actions.js';
import type { CardActionHandler, CardActionInput, CardActionResult } from './types.js';

type BotAction = (
  input: CardActionInput,
  correlationId: string,
) => Promise<{ reply: Reply; updateForEveryone?: boolean; command: string; args: string[] }>;

const peerData = z.object({ peerId: z.string().min(1).max(100) });

const ACTIONS: Record<string, BotAction> = {
  [PICK_VERB]: async (input) => {
    const { peerId } = peerData.parse(input.data);
    const now = input.deps.now();
    const answer = await tunnelForPeer(input.deps.services, peerId, now);
    return {
      reply: tunnelView(answer, { now, minNetbirdVersion: input.deps.services.config.minNetbirdVersion }),
      command: 'tunnel',
      args: [peerId],
    };
  },
  [OFFBOARD_CONFIRM_VERB]: offboardConfirm,
  [OFFBOARD_CANCEL_VERB]: offboardCancel,
};

export const botActions: CardActionHandler = {
  prefix: 'bot.',
  async handle(input): Promise<CardActionResult> {
    const action = ACTIONS[input.verb];
    if (!action)
      return { card: notice('This button is not something I know', ['Nothing was changed.'], 'Attention').card };
    const { deps, caller } = input;
    const correlationId = randomUUID();
    const logger = input.logger.child({ correlationId, verb: input.verb });
    const started = performance.now();
    const base = { correlationId, caller, conversationType: input.conversationType };
    if (!(await deps.access.isItMember(caller.aadObjectId))) {
      await deps.audit.record(
        { ...base, command: input.verb, args: [], outcome: 'refused', durationMs: performance.now() - started },
        logger,
      );
      return { card: REFUSAL.card };
    }
    try {
      const done = await action({ ...input, logger }, correlationId);
      await deps.audit.record(
        {
          ...base,
          command: done.command,
          args: done.args,
          outcome: 'answered',
          durationMs: performance.now() - started,
        },
        logger,
      );
      return { card: done.reply.card, ...(done.updateForEveryone ? { updateForEveryone: true } : {}) };
    } catch (err) {
      logger.error('card action failed', { error: err instanceof Error ? err : String(err) });
      await deps.audit.record(
        {
          ...base,
          command: input.verb,
          args: [],
          outcome: 'failed',
          detail: err instanceof Error ? err.message.slice(0, 300) : 'error',
          durationMs: performance.now() - started,
        },
        logger,
      );
      if (err instanceof z.ZodError)
        return { card: notice('This button carries data I cannot read', ['Nothing was changed.'], 'Attention').card };
      return { card: failureReply(err, correlationId).card };
    }
  },
};
