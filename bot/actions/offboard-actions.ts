/**
 * The buttons of the `offboard` confirmation card. Confirm opens the case through the same
 * use-case as `POST /api/offboard`, with the clicker (from the activity) as the requester; it is
 * idempotent, so a second click finds the open case. Both buttons update the card for everyone,
 * so nobody else confirms a card that has been dealt with.
 */
import { z } from 'zod';
import { notice } from '../../cards/bot/notice.js';
import { getCaseForUser } from '../../shared/offboarding/queries.js';
import { requestOffboarding } from '../../shared/offboarding/request.js';
import type { Reply } from '../commands/types.js';
import { MAX_REASON } from '../commands/offboard.js';
import { caseView } from '../offboarding/views.js';
import type { CardActionInput } from './types.js';
import { GUID_PATTERN } from '../../shared/guid.js';

export { OFFBOARD_CANCEL_VERB, OFFBOARD_CONFIRM_VERB } from '../../cards/bot/offboard-confirm.js';

const confirmData = z.object({ user: z.string().regex(GUID_PATTERN), reason: z.string().max(MAX_REASON).optional() });
const cancelData = z.object({ user: z.string().regex(GUID_PATTERN) });

interface Done {
  reply: Reply;
  updateForEveryone: boolean;
  command: string;
  args: string[];
}

export async function offboardConfirm(input: CardActionInput): Promise<Done> {
  const { user, reason } = confirmData.parse(input.data);
  const { services, now } = input.deps;
  const result = await requestOffboarding(services, {
    user,
    ...(reason ? { reason } : {}),
    requestedBy: { kind: 'teams', id: input.caller.aadObjectId, name: input.caller.name },
  });
  const lead = result.created
    ? `Offboarding started by ${input.caller.name}: containment runs now.`
    : 'Offboarding was already under way: nothing new was started.';
  const current = await getCaseForUser(services, result.userId);
  const reply = current
    ? caseView(current, now(), lead)
    : notice(lead, [`Case ${result.caseId}. Follow it with: case ${result.userId}`]);
  return { reply, updateForEveryone: true, command: 'offboard', args: [user, ...(reason ? [reason] : [])] };
}

export async function offboardCancel(input: CardActionInput): Promise<Done> {
  const { user } = cancelData.parse(input.data);
  const current = await getCaseForUser(input.deps.services, user);
  // Someone confirmed first: the first decision wins, and the card shows it.
  if (current?.open) {
    return {
      reply: caseView(current, input.deps.now()),
      updateForEveryone: true,
      command: 'offboard.cancel',
      args: [user],
    };
  }
  return {
    reply: notice(`Offboarding not started: cancelled by ${input.caller.name}`, ['Nothing was changed.']),
    updateForEveryone: true,
    command: 'offboard.cancel',
    args: [user],
  };
}
