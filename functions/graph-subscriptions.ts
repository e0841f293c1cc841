/** Timer (SUBSCRIPTION_SCHEDULE, every 6 h): keep the Graph `users` subscription alive. */
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { withHeartbeat } from '../shared/offboarding/heartbeat.js';
import { ensureSubscription } from '../shared/offboarding/subscriptions.js';
import { invocationContext } from './root/triggers.js';

export const graphSubscriptions = register({
  kind: 'timer',
  name: 'graphSubscriptions',
  schedule: scheduleSetting('SUBSCRIPTION_SCHEDULE'),
  handler: async (_timer, context) => {
    const ctx = invocationContext(context);
    ctx.logger.info('Graph subscription checked', {
      ...(await withHeartbeat(ctx, 'subscriptions', () => ensureSubscription(ctx))),
    });
  },
});
