/** Timer (JOINER_SCHEDULE, every 2 min): cards for pending NetBird users, dashboard decisions, reminders. */
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { joinerDeps } from '../shared/joiners/deps.js';
import { runJoinerPoll } from '../shared/joiners/poll.js';
import { contextLogger } from '../shared/logger.js';
import { getServices } from './root/services.js';

export const joinerPoll = register({
  kind: 'timer',
  name: 'joinerPoll',
  schedule: scheduleSetting('JOINER_SCHEDULE'),
  handler: async (_timer, context) => {
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    const deps = joinerDeps(getServices(), { logger });
    const result = await runJoinerPoll(deps);
    logger.info('pending NetBird users checked', { ...result });
  },
});
