/**
 * Keeps every copy of a case's card current, in place, for everyone who sees it (`updateActivity`:
 * the invoke response alone changes the card only for the person who clicked, DESIGN.md §5).
 * Best effort: the NetBird work is what matters, so a Teams failure is logged and audited, never
 * thrown.
 */
import { errorMessage } from '../errors.js';
import { SYSTEM } from './audit.js';
import { audit, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { OffboardingCase } from './model.js';
import { approvalView } from './views.js';

export async function updateCardsInPlace(ctx: OffboardingContext, c: OffboardingCase): Promise<number> {
  if (c.messages.length === 0) return 0;
  const view = approvalView(c);
  let updated = 0;
  for (const sent of c.messages) {
    try {
      await ctx.teams.update(sent, view);
      updated++;
    } catch (err) {
      ctx.logger.warn('could not update an offboarding card in place', {
        caseId: c.id,
        via: sent.via,
        error: errorMessage(err),
      });
      await audit(ctx, c, {
        action: 'teams.card-updated',
        actor: SYSTEM,
        result: 'failed',
        summary: `Could not update the ${sent.via} card in place: ${errorMessage(err)}`,
      });
    }
  }
  return updated;
}

/** Makes sure the IT channel has a copy of the case's card (a rejected or reopened case waits for IT there). */
export async function ensureChannelCopy(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  if (c.messages.some((m) => m.via === 'channel')) return;
  try {
    const sent = await ctx.teams.postToChannel(approvalView(c));
    await updateCase(ctx, c.userId, (cur) =>
      cur.id === c.id ? { ...cur, messages: [...cur.messages, sent] } : undefined,
    );
  } catch (err) {
    ctx.logger.error('could not post the case card to the IT channel', { caseId: c.id, error: errorMessage(err) });
  }
}
