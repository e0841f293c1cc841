/**
 * Timer (ACTIVITY_SCHEDULE, every 2 min): posts the NetBird changes IT should know about, made by
 * anyone but this app, as one card per run in the IT channel (shared/activity/feed.ts).
 */
import { activityFeedDeps } from '../shared/activity/deps.js';
import { runActivityFeed } from '../shared/activity/feed.js';
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { contextLogger } from '../shared/logger.js';
import { getServices } from './root/services.js';

export const netbirdActivity = register({
  kind: 'timer',
  name: 'netbirdActivity',
  schedule: scheduleSetting('ACTIVITY_SCHEDULE'),
  handler: async (_timer, context) => {
    const services = getServices();
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    await runActivityFeed(activityFeedDeps(services, logger), services.config.activity);
  },
});
