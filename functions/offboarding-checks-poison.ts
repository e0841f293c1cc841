/** Queue `graph-notifications-poison`: a user check that failed every retry → case marked failed, alert card to IT. */
import type { InvocationContext } from '@azure/functions';
import { register } from '../shared/host/registry.js';
import { handlePoison } from '../shared/offboarding/poison.js';
import { invocationContext, queueMessageMeta } from './root/triggers.js';
import { POISON_SUFFIX, QUEUE_NAMES } from '../shared/store/queue.js';

const queueName = `${QUEUE_NAMES.graphNotifications}${POISON_SUFFIX}`;

export const offboardingChecksPoison = register({
  kind: 'queue',
  name: 'offboardingChecksPoison',
  queueName,
  handler: async (message: unknown, context: InvocationContext) => {
    await handlePoison(invocationContext(context), queueName, message, queueMessageMeta(context).attempt);
  },
});
