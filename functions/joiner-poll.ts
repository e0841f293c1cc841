/** Timer (JOINER_SCHEDULE, every 2 min): cards for pending NetBird users, dashboard decisions, reminders. */
import { teamsJoinerDeps } from '../bot/joiners/teams.js';
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { runJoinerPoll } from '../shared/joiners/poll.js';
import { contextLogger } from '../shared/logger.js';
import { getServices } from '../shared/services.js';

export const joinerPoll = register({
  kind: 'timer',
  name: 'joinerPoll',
  schedule: scheduleSetting('JOINER_SCHEDULE'),
  handler: async (_timer, context) => {
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    const deps = teamsJoinerDeps(getServices(), { logger });
    const result = await runJoinerPoll(deps);
    logger.info('pending NetBird users checked', { ...result });
  },
});
