/**
 * Keeps every copy of a joiner's card current, in place, for everyone who sees it (the invoke
 * answer alone changes only the clicker's copy, DESIGN.md §5). Best effort: a Teams failure is
 * logged and audited, never thrown, because the NetBird decision is what matters.
 */
import { errorMessage } from '../errors.js';
import { SYSTEM } from '../offboarding/audit.js';
import { joinerAudit } from './audit.js';
import type { JoinerDeps } from './deps.js';
import type { PendingJoiner } from './model.js';
import { joinerView } from './views.js';

export async function updateJoinerCards(deps: JoinerDeps, j: PendingJoiner): Promise<number> {
  const view = joinerView(j);
  let updated = 0;
  for (const sent of j.messages) {
    try {
      await deps.teams().update(sent, view);
      updated++;
    } catch (err) {
      deps.logger.warn('could not update a joiner card in place', {
        joinerId: j.id,
        via: sent.via,
        error: errorMessage(err),
      });
      await joinerAudit(deps, j, {
        action: 'teams.card-updated',
        actor: SYSTEM,
        result: 'failed',
        summary: `Could not update the ${sent.via} card in place: ${errorMessage(err)}`,
      });
    }
  }
  return updated;
}
