/** `audit <user>`: every audit event naming the user (offboarding steps, decisions), newest first. */
import { notice } from '../../cards/bot/notice.js';
import { NotFoundError } from '../../shared/errors.js';
import { auditTrailForUser } from '../../shared/offboarding/queries.js';
import { qualifyUser } from '../../shared/diagnostics/user-lookup.js';
import { auditView } from '../offboarding/views.js';
import { UsageError, type BotCommand } from './types.js';

export const audit: BotCommand = {
  name: 'audit',
  aliases: ['audit trail'],
  usage: 'audit <user>',
  example: 'audit alice@contoso.com',
  summary: "A user's audit trail: every offboarding and joiner step and decision, who made it and when.",
  audience: 'it',
  async run({ args, services, caller, now }) {
    if (args.length !== 1) throw new UsageError('Name one user.');
    const name = await qualifyUser(services, args[0]!, caller.aadObjectId);
    if (!name) return notice(`No Entra user "${args[0]!}"`, [], 'Warning');
    try {
      return auditView(name, await auditTrailForUser(services, name), now());
    } catch (err) {
      if (err instanceof NotFoundError) return notice(`No Entra user "${name}"`, [], 'Warning');
      throw err;
    }
  },
};
