/** Queue `offboarding-work`: advance a case (after a decision or a manual request), a lifecycle event, a sweep. */
import type { InvocationContext } from '@azure/functions';
import { register } from '../shared/host/registry.js';
import { processWork } from '../shared/offboarding/process-work.js';
import { invocationContext, queueMessageMeta } from './root/triggers.js';
import { QUEUE_NAMES } from '../shared/store/queue.js';

export const offboardingWork = register({
  kind: 'queue',
  name: 'offboardingWork',
  queueName: QUEUE_NAMES.offboardingWork,
  handler: async (message: unknown, context: InvocationContext) => {
    const ctx = invocationContext(context);
    const { owner, attempt } = queueMessageMeta(context);
    const msg = ctx.storage.work.parse(message);
    await processWork(ctx, msg, owner, attempt);
    ctx.logger.info('offboarding work done', { kind: msg.kind });
  },
});
