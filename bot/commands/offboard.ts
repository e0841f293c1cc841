/**
 * `offboard <user> [reason]`: asks to confirm on a card; the `bot.offboard.confirm` button then
 * opens the case through the same use-case as `POST /api/offboard` (shared/offboarding/request.ts).
 */
import { resolveUser } from '../../shared/offboarding/resolve-user.js';
import { NotFoundError } from '../../shared/errors.js';
import { notice } from '../../cards/bot/notice.js';
import { qualifyUser } from '../../shared/diagnostics/user-lookup.js';
import { confirmView } from '../offboarding/confirm.js';
import { UsageError, type BotCommand } from './types.js';

export const MAX_REASON = 500;

export const offboard: BotCommand = {
  name: 'offboard',
  aliases: ['offboarding'],
  usage: 'offboard <user> [reason]',
  example: 'offboard alice@contoso.com left the company',
  summary:
    'Starts offboarding at once (block in NetBird, quarantine laptops, ask the manager), after you confirm on a card.',
  audience: 'it',
  async run({ args, services, caller }) {
    if (args.length < 1) throw new UsageError('Name the user to offboard.');
    const reason = args.slice(1).join(' ');
    if (reason.length > MAX_REASON) throw new UsageError(`The reason is longer than ${MAX_REASON} characters.`);
    const name = await qualifyUser(services, args[0]!, caller.aadObjectId);
    if (!name) return notice(`No Entra user "${args[0]!}"`, ['Give a user principal name or an object id.'], 'Warning');
    try {
      const user = await resolveUser(services.graph, name);
      // The use-case refuses it too (request.ts); saying so here spares a confirmation card.
      if (user.id.toLowerCase() === caller.aadObjectId.toLowerCase())
        return notice('You cannot offboard yourself', ['Ask another IT engineer. Nothing was changed.'], 'Attention');
      return confirmView(user, reason, services.config);
    } catch (err) {
      if (err instanceof NotFoundError)
        return notice(
          `No Entra user "${name}"`,
          ['A deleted user can be found by object id while in the recycle bin.'],
          'Warning',
        );
      throw err;
    }
  },
};
