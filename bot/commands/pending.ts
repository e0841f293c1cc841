/** `pending`: NetBird users waiting for approval (user approval, DESIGN.md §5b) and their cards. */
import { joinerStore } from '../../shared/joiners/storage.js';
import { pendingUsers } from '../../shared/joiners/queries.js';
import { pendingView } from '../joiners/views.js';
import { UsageError, type BotCommand } from './types.js';

export const pending: BotCommand = {
  name: 'pending',
  aliases: ['joiners', 'pending users'],
  usage: 'pending',
  example: 'pending',
  summary: 'NetBird users waiting for approval, and where their approval cards stand.',
  audience: 'it',
  // Not in the manifest's command lists (full at 12): typed, it works, and help lists it.
  inManifest: false,
  async run({ args, services, now }) {
    if (args.length) throw new UsageError('pending takes no arguments.');
    const entries = await pendingUsers({
      netbird: services.netbirdRead,
      store: joinerStore(services.storageConnectionString),
    });
    return pendingView(entries, now());
  },
};
