/**
 * Joiner events in the app's one audit trail: under the joiner's row id as correlation id and the
 * Entra user id, so `audit <user>` lists them with the user's offboarding events. A joiner with no
 * Entra match is listed under the row id only.
 */
import { auditEvent, type AuditInput } from '../offboarding/audit.js';
import type { Actor } from '../offboarding/model.js';
import type { JoinerDeps } from './deps.js';
import type { Clicker, PendingJoiner } from './model.js';

export const POLL_ACTOR: Actor = { kind: 'timer', name: 'joiner poll' };
export const asActor = (c: Clicker): Actor => ({
  kind: 'user',
  id: c.aadObjectId,
  ...(c.name ? { name: c.name } : {}),
});

export async function joinerAudit(
  deps: JoinerDeps,
  j: Pick<PendingJoiner, 'id' | 'entraUserId' | 'netbirdUserId'>,
  input: AuditInput,
): Promise<void> {
  const event = auditEvent(
    j.id,
    j.entraUserId,
    { ...input, target: input.target ?? `NetBird user ${j.netbirdUserId}` },
    deps.now(),
  );
  await deps.store.audit.append({ ...event, source: 'joiners' });
}
