/** `case <user>`: the user's offboarding case (current or last) with its devices. */
import { notice } from '../../cards/bot/notice.js';
import { NotFoundError } from '../../shared/errors.js';
import { getCaseForUser } from '../../shared/offboarding/queries.js';
import { qualifyUser } from '../../shared/diagnostics/user-lookup.js';
import { caseView } from '../offboarding/views.js';
import { UsageError, type BotCommand } from './types.js';

export const caseCommand: BotCommand = {
  name: 'case',
  aliases: [],
  usage: 'case <user>',
  example: 'case alice@contoso.com',
  summary: 'A user\'s offboarding case: state, devices, decisions.',
  audience: 'it',
  async run({ args, services, caller, now }) {
    if (args.length !== 1) throw new UsageError('Name one user.');
    const name = await qualifyUser(services, args[0]!, caller.aadObjectId);
    try {
      const found = name ? await getCaseForUser(services, name) : undefined;
      if (!found) return notice(`No offboarding case for ${name ?? args[0]!}`, ['Start one with offboard <user> [reason].']);
      return caseView(found, now());
    } catch (err) {
      if (err instanceof NotFoundError) return notice(`No Entra user "${name ?? args[0]!}"`, [], 'Warning');
      throw err;
    }
  },
};
