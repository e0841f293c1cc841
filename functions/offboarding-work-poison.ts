/** Queue `offboarding-work-poison`: offboarding work that failed every retry → case marked failed, alert card to IT. */
import type { InvocationContext } from '@azure/functions';
import { register } from '../shared/host/registry.js';
import { handlePoison } from '../shared/offboarding/poison.js';
import { invocationContext, queueMessageMeta } from './root/triggers.js';
import { POISON_SUFFIX, QUEUE_NAMES } from '../shared/store/queue.js';

const queueName = `${QUEUE_NAMES.offboardingWork}${POISON_SUFFIX}`;

export const offboardingWorkPoison = register({
  kind: 'queue',
  name: 'offboardingWorkPoison',
  queueName,
  handler: async (message: unknown, context: InvocationContext) => {
    await handlePoison(invocationContext(context), queueName, message, queueMessageMeta(context).attempt);
  },
});
