/** `case <user>`: the user's offboarding case (current or last) with its devices, and their joiner request. */
import { notice } from '../../cards/bot/notice.js';
import { NotFoundError } from '../../shared/errors.js';
import { joinerForUser } from '../../shared/joiners/queries.js';
import { joinerStore } from '../../shared/joiners/storage.js';
import { getCaseForUser } from '../../shared/offboarding/queries.js';
import { qualifyUser } from '../../shared/diagnostics/user-lookup.js';
import { joinerCaseView, joinerFacts } from '../joiners/views.js';
import { caseView } from '../offboarding/views.js';
import { UsageError, type BotCommand } from './types.js';

export const caseCommand: BotCommand = {
  name: 'case',
  aliases: [],
  usage: 'case <user>',
  example: 'case alice@contoso.com',
  summary: "A user's offboarding case (state, devices, decisions) and NetBird access request.",
  audience: 'it',
  async run({ args, services, caller, now }) {
    if (args.length !== 1) throw new UsageError('Name one user.');
    const name = await qualifyUser(services, args[0]!, caller.aadObjectId);
    try {
      const joiner = name
        ? await joinerForUser({ graph: services.graph, store: joinerStore(services.storageConnectionString) }, name)
        : undefined;
      const found = name
        ? await getCaseForUser(services, name).catch((err: unknown) => {
            if (joiner && err instanceof NotFoundError) return undefined;
            throw err;
          })
        : undefined;
      if (!found && joiner) return joinerCaseView(joiner, now());
      if (!found)
        return notice(`No offboarding case for ${name ?? args[0]!}`, ['Start one with offboard <user> [reason].']);
      const lead = joiner
        ? joinerFacts(joiner, now())
            .map((f) => `${f.title}: ${f.value}`)
            .join('. ')
        : '';
      return caseView(found, now(), lead);
    } catch (err) {
      if (err instanceof NotFoundError) return notice(`No Entra user "${name ?? args[0]!}"`, [], 'Warning');
      throw err;
    }
  },
};
