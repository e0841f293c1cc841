/** `assign <device> <user>`: IT says whose laptop it is; the strongest evidence from now on. */
import { notice } from '../../cards/bot/notice.js';
import { NotFoundError } from '../../shared/errors.js';
import { assignDevice } from '../../shared/offboarding/attribution/corrections.js';
import { qualifyUser } from '../../shared/diagnostics/user-lookup.js';
import { assignView } from '../offboarding/device-views.js';
import { UsageError, type BotCommand } from './types.js';

export const assign: BotCommand = {
  name: 'assign',
  aliases: [],
  usage: 'assign <device> <user>',
  example: 'assign HNL-LT-0042 alice@contoso.com',
  summary:
    'Records whose laptop a setup-key peer is (audited); an open case of that user is re-planned and quarantines it.',
  audience: 'it',
  async run({ args, services, caller }) {
    if (args.length !== 2) throw new UsageError('Name one device and one user.');
    const name = await qualifyUser(services, args[1]!, caller.aadObjectId);
    try {
      if (!name) throw new NotFoundError(args[1]!);
      return assignView(await assignDevice(services, caller, args[0]!, name));
    } catch (err) {
      if (err instanceof NotFoundError) return notice(`No Entra user "${name ?? args[1]!}"`, [], 'Warning');
      throw err;
    }
  },
};
