/**
 * The confirmation asked before `offboard` opens a case: who the user is (as Entra knows them,
 * recycle bin included), why, and what confirming starts, following the configuration (dry run,
 * machine-peer quarantine).
 */
import { offboardConfirmCard } from '../../cards/bot/offboard-confirm.js';
import type { CardMessage, Fact } from '../../cards/bot/message.js';
import type { ResolvedUser } from '../../shared/offboarding/resolve-user.js';
import type { Config } from '../../shared/config/index.js';

export function confirmView(user: ResolvedUser, reason: string, config: Config): CardMessage {
  const name = user.displayName ?? user.upn ?? user.id;
  const account = user.deleted
    ? 'deleted (in the recycle bin)'
    : user.accountEnabled === false
      ? 'disabled'
      : user.accountEnabled
        ? 'enabled'
        : 'unknown';
  const facts: Fact[] = [
    { title: 'User', value: user.upn ?? user.id },
    { title: 'Object id', value: user.id },
    { title: 'Entra account', value: account },
    { title: 'Reason', value: reason || '(none given)' },
  ];
  const steps = [
    config.dryRun ? 'Dry run is on: every NetBird change is planned and audited, none is made.' : '',
    'Blocks the user in NetBird now: their SSO peers disconnect and expire.',
    config.offboarding.quarantineMachinePeers
      ? `Moves their setup-key laptops into "${config.offboarding.quarantineGroupName}", out of every policy group (reversible).`
      : 'Leaves their setup-key laptops as they are (quarantine is switched off).',
    'Asks their manager (or an IT approver) whether to delete each device or keep it for reassignment.',
    'Never touches the Entra account itself.',
  ].filter(Boolean);
  return offboardConfirmCard({ title: `Offboard ${name}?`, facts, steps, userId: user.id, reason });
}
