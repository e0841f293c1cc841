/**
 * Step `send-approval`: the approval card to the manager, 1:1 where the app is installed for them,
 * otherwise in the IT channel with an @mention; with no manager in Entra, to the IT channel for the
 * IT approvers. The sent message is recorded with the state change, so the card can be updated in
 * place later. (A crash between the send and the record sends the card again on replay: at least
 * once; the first decision on either copy wins.)
 */
import { SYSTEM } from '../audit.js';
import { audit, moveCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { OffboardingCase } from '../model.js';
import { approvalView, who } from '../views.js';

export async function sendApproval(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const teams = ctx.teams;
  const view = approvalView({ ...c, state: 'awaiting-approval' });
  const sent = c.manager
    ? await teams.sendToUserOrChannel({ aadObjectId: c.manager.id, name: c.manager.name }, view)
    : await teams.postToChannel(view);
  const at = ctx.now().toISOString();
  await moveCase(
    ctx,
    c.userId,
    ['contained'],
    'awaiting-approval',
    SYSTEM,
    `Approval card sent ${sent.via === 'personal' ? `to ${c.manager?.name ?? 'the manager'} in a 1:1 chat` : c.manager ? `to the IT channel, mentioning ${c.manager.name}` : 'to the IT channel (no manager in Entra)'}`,
    (cur) => ({ messages: [...cur.messages, sent], approvalSentAt: at }),
  );
  await audit(ctx, c, {
    action: 'teams.approval-sent',
    actor: SYSTEM,
    result: 'ok',
    summary: `Approval card for ${who(c)} sent via ${sent.via}`,
    target: c.manager?.id ?? 'it-channel',
    detail: { via: sent.via, conversationId: sent.conversationId, activityId: sent.activityId },
  });
}
