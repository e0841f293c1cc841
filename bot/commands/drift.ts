/**
 * `drift`: who has too much and who too little of the NetBird groups GROUP_MAP maps from Entra
 * groups, per user and device. `drift apply`: an IT approver applies the differences at once (for
 * a change the blast-radius guard held; GROUP_SYNC=apply only). Runs are audited like every command.
 */
import { driftCard } from '../../cards/drift/drift.js';
import { notice } from '../../cards/bot/notice.js';
import { driftNow } from '../../shared/drift/on-demand.js';
import { DriftReportStore } from '../../shared/drift/store.js';
import { offboardingContext } from '../../shared/offboarding/context.js';
import { UsageError, type BotCommand } from './types.js';

export const drift: BotCommand = {
  name: 'drift',
  aliases: ['group drift'],
  usage: 'drift [apply]',
  example: 'drift',
  summary:
    'Whose NetBird groups no longer match their Entra groups (GROUP_MAP): too much and too little, per user and device. "drift apply": an IT approver applies them.',
  audience: 'it',
  async run({ args, services, caller, logger, correlationId, now }) {
    const sub = args.join(' ').trim().toLowerCase();
    if (sub !== '' && sub !== 'apply')
      throw new UsageError('Type "drift" for the report, or "drift apply" to apply it.');
    const ctx = offboardingContext(services, { logger, now });
    const store = DriftReportStore.fromConnectionString(services.storageConnectionString);
    const view = await driftNow(
      ctx,
      store,
      sub === 'apply' ? { apply: { aadObjectId: caller.aadObjectId, correlationId } } : {},
    );
    if (view.kind === 'group-drift-refused') {
      return view.reason === 'report-mode'
        ? notice(
            'Group drift is in report mode',
            ['GROUP_SYNC is "report": nothing is applied. Set GROUP_SYNC=apply to let the app change groups.'],
            'Warning',
          )
        : notice('Only IT approvers may apply group drift', ['Ask a member of the IT approvers group.'], 'Attention');
    }
    return driftCard(view);
  },
};
