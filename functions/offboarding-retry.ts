/** Timer (RETRY_SCHEDULE, every minute): re-queue failed and stuck offboarding cases with growing back-off. */
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { withHeartbeat } from '../shared/offboarding/heartbeat.js';
import { runRetries } from '../shared/offboarding/retry.js';
import { invocationContext } from './root/triggers.js';

export const offboardingRetry = register({
  kind: 'timer',
  name: 'offboardingRetry',
  schedule: scheduleSetting('RETRY_SCHEDULE'),
  handler: async (_timer, context) => {
    const ctx = invocationContext(context);
    await withHeartbeat(ctx, 'retry', () => runRetries(ctx));
  },
});
