/**
 * Timer (GROUP_DRIFT_SCHEDULE, daily): Entra group drift against GROUP_MAP, applied when
 * GROUP_SYNC=apply, and one card in the IT channel with the changes since the previous report
 * (shared/drift/run.ts).
 */
import { driftReadDeps, driftSettings } from '../shared/drift/deps.js';
import { runGroupDrift } from '../shared/drift/run.js';
import { DriftReportStore } from '../shared/drift/store.js';
import { register } from '../shared/host/registry.js';
import { scheduleSetting } from '../shared/host/schedules.js';
import { invocationContext } from './root/triggers.js';

export const groupDriftTimer = register({
  kind: 'timer',
  name: 'groupDrift',
  schedule: scheduleSetting('GROUP_DRIFT_SCHEDULE'),
  handler: async (_timer, context) => {
    const ctx = invocationContext(context);
    const { services } = ctx;
    await runGroupDrift(
      {
        read: driftReadDeps(services, ctx),
        writer: ctx,
        store: DriftReportStore.fromConnectionString(services.storageConnectionString),
        post: async (view) => {
          await ctx.teams.postToChannel(view);
        },
        logger: ctx.logger,
      },
      driftSettings(services),
    );
  },
});
