/** `devices <user>`: which NetBird peers are attributed to the user, and on what evidence. */
import { notice } from '../../cards/bot/notice.js';
import { NotFoundError } from '../../shared/errors.js';
import { devicesOfUser } from '../../shared/offboarding/attribution/corrections.js';
import { qualifyUser } from '../../shared/diagnostics/user-lookup.js';
import { devicesView } from '../offboarding/device-views.js';
import { UsageError, type BotCommand } from './types.js';

export const devices: BotCommand = {
  name: 'devices',
  aliases: [],
  usage: 'devices <user>',
  example: 'devices alice@contoso.com',
  summary:
    'The NetBird peers attributed to a user, with the evidence for each (IT, Intune, SSO peer, sign-ins, Entra).',
  audience: 'it',
  async run({ args, services, caller, now }) {
    if (args.length !== 1) throw new UsageError('Name one user.');
    const name = await qualifyUser(services, args[0]!, caller.aadObjectId);
    try {
      if (!name) throw new NotFoundError(args[0]!);
      return devicesView(await devicesOfUser(services, name), now());
    } catch (err) {
      if (err instanceof NotFoundError) return notice(`No Entra user "${name ?? args[0]!}"`, [], 'Warning');
      throw err;
    }
  },
};
