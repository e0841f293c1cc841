/** Queue `graph-notifications`: "check user X" (a notification, the sweep, a released batch) → open or advance the case. */
import type { InvocationContext } from '@azure/functions';
import { register } from '../shared/host/registry.js';
import { processUserCheck } from '../shared/offboarding/process-check.js';
import { invocationContext, queueMessageMeta } from './root/triggers.js';
import { QUEUE_NAMES } from '../shared/store/queue.js';

export const offboardingChecks = register({
  kind: 'queue',
  name: 'offboardingChecks',
  queueName: QUEUE_NAMES.graphNotifications,
  handler: async (message: unknown, context: InvocationContext) => {
    const ctx = invocationContext(context);
    const { owner, attempt } = queueMessageMeta(context);
    const result = await processUserCheck(ctx, ctx.storage.checks.parse(message), owner, attempt);
    ctx.logger.info('user checked', { ...result });
  },
});
