/** `resets <user> [days]`: password resets, changes, blocks and unlocks, and whether a laptop has been online since each. */
import { DEFAULT_DAYS, MAX_DAYS, passwordHistory } from '../../shared/diagnostics/resets.js';
import { resetsView } from '../../cards/diagnostics/resets-view.js';
import { findEntraUser } from '../../shared/diagnostics/user-lookup.js';
import { UsageError, type BotCommand } from './types.js';

export function parseDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DAYS;
  const days = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new UsageError(`Days must be a whole number from 1 to ${MAX_DAYS} (Entra keeps audit logs at most 30 days).`);
  return days;
}

export const resets: BotCommand = {
  name: 'resets',
  aliases: ['reset history', 'password resets'],
  usage: `resets <user> [days, default ${DEFAULT_DAYS}, at most ${MAX_DAYS}]`,
  example: 'resets alice@contoso.com 14',
  summary:
    "Password resets, changes, blocks and unlocks from the Entra audit log, and whether the user's laptop has been online since each reset.",
  audience: 'it',
  async run({ args, services, caller, now }) {
    if (args.length < 1 || args.length > 2) throw new UsageError('Give one user, and optionally the number of days.');
    const days = parseDays(args[1]);
    const user = await findEntraUser(services, args[0]!, caller.aadObjectId);
    const at = now();
    if (!user) return resetsView({ kind: 'not-found', query: args[0]! }, at);
    return resetsView(await passwordHistory(services, user, days, at), at);
  },
};
