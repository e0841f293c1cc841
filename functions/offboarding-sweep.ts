/** Timer (SWEEP_SCHEDULE, every 15 min): the users delta sweep that catches what notifications missed. */
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { withHeartbeat } from '../shared/offboarding/heartbeat.js';
import { runSweep } from '../shared/offboarding/sweep.js';
import { invocationContext } from './root/triggers.js';

export const offboardingSweep = register({
  kind: 'timer',
  name: 'offboardingSweep',
  schedule: scheduleSetting('SWEEP_SCHEDULE'),
  handler: async (_timer, context) => {
    const ctx = invocationContext(context);
    await withHeartbeat(ctx, 'sweep', () => runSweep(ctx, 'scheduled'));
  },
});
