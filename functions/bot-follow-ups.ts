/** Queue `bot-follow-ups`: a command that outran Teams' deadline, run again and answered where it was asked (bot/follow-up.ts). */
import type { InvocationContext } from '@azure/functions';
import { followUpDeps, followUpSchema, runFollowUp } from '../bot/follow-up.js';
import { register } from '../shared/host/registry.js';
import { contextLogger } from '../shared/logger.js';
import { QUEUE_NAMES } from '../shared/store/queue.js';

export const botFollowUps = register({
  kind: 'queue',
  name: 'botFollowUps',
  queueName: QUEUE_NAMES.botFollowUps,
  handler: async (message: unknown, context: InvocationContext) => {
    const deps = followUpDeps();
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    const outcome = await runFollowUp(deps, followUpSchema.parse(message), logger);
    logger.info('bot follow-up', { outcome });
  },
});
