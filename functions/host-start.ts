/** App start (every instance): queue the Graph subscription ensure (see shared/offboarding/host-start.ts). */
import { registerStartHook } from '../shared/host/registry.js';
import { onHostStart } from '../shared/offboarding/host-start.js';
import { getServices } from './root/services.js';

export const hostStart = registerStartHook({
  name: 'ensureSubscriptionAtStart',
  handler: async () => {
    await onHostStart(getServices);
  },
});
