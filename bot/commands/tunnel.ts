/** `tunnel <device | user>`: does this laptop (or this user's laptops) have line of sight to a DC? */
import { tunnelLookup } from '../../shared/diagnostics/tunnel.js';
import { tunnelView } from '../../cards/diagnostics/tunnel-view.js';
import { UsageError, type BotCommand } from './types.js';

export const tunnel: BotCommand = {
  name: 'tunnel',
  aliases: ['tunnel status', 'status'],
  usage: 'tunnel <device | user>',
  example: 'tunnel LAPTOP-42',
  summary:
    "A peer's (or a user's peers') state and whether it can reach a domain controller: OK, at risk or broken, and why.",
  audience: 'it',
  async run({ args, services, caller, now }) {
    if (args.length !== 1) throw new UsageError('Give one device name, hostname or user.');
    const answer = await tunnelLookup(services, args[0]!, caller.aadObjectId, now());
    return tunnelView(answer, { now: now(), minNetbirdVersion: services.config.minNetbirdVersion });
  },
};
