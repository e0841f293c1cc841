/** `cases`: the offboarding cases not yet closed. */
import { listOpenCases } from '../../shared/offboarding/queries.js';
import { casesView } from '../offboarding/views.js';
import { UsageError, type BotCommand } from './types.js';

export const cases: BotCommand = {
  name: 'cases',
  aliases: ['open cases'],
  usage: 'cases',
  example: 'cases',
  summary: 'The offboarding cases still open, with their state.',
  audience: 'it',
  async run({ args, services, now }) {
    if (args.length) throw new UsageError('cases takes no arguments; for one user: case <user>.');
    return casesView(await listOpenCases(services), now());
  },
};
