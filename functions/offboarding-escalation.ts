/** Timer (ESCALATION_SCHEDULE, every 30 min): remind and escalate unanswered approvals. */
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { runEscalation } from '../shared/offboarding/escalation.js';
import { invocationContext } from './root/triggers.js';

export const offboardingEscalation = register({
  kind: 'timer',
  name: 'offboardingEscalation',
  schedule: scheduleSetting('ESCALATION_SCHEDULE'),
  handler: async (_timer, context) => {
    const ctx = invocationContext(context);
    ctx.logger.info('approvals checked', { ...(await runEscalation(ctx)) });
  },
});
