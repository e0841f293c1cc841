/**
 * Timer (ACTIVITY_SCHEDULE, every 2 min): posts the NetBird changes IT should know about, made by
 * anyone but this app, as one card per run in the IT channel (shared/activity/feed.ts).
 */
import { activityFeedCard } from '../cards/activity/activity.js';
import { activityFeedDeps } from '../shared/activity/deps.js';
import { runActivityFeed } from '../shared/activity/feed.js';
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { contextLogger } from '../shared/logger.js';
import { getServices } from '../shared/services.js';
import { getNotifier } from '../shared/teams/notifier.js';

export const netbirdActivity = register({
  kind: 'timer',
  name: 'netbirdActivity',
  schedule: scheduleSetting('ACTIVITY_SCHEDULE'),
  handler: async (_timer, context) => {
    const services = getServices();
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    const post = async (view: Parameters<typeof activityFeedCard>[0]) => {
      await getNotifier().postToChannel(activityFeedCard(view));
    };
    await runActivityFeed(activityFeedDeps(services, post, logger), services.config.activity);
  },
});
