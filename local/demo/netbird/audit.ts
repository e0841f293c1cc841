/**
 * The simulator's audit log: every write is recorded as NetBird records it (activity code, the
 * initiator, the target, string meta), and `GET /api/events/audit` answers the newest 10,000.
 * Activity names and codes: NetBird management/server/activity/codes.go.
 */
import type { Call } from './call.js';
import type { NetBirdState, SimEvent } from './state.js';

export const MAX_EVENTS = 10_000;

const ACTIVITIES = {
  'user.block': 'User blocked',
  'user.unblock': 'User unblocked',
  'user.role.update': 'User role updated',
  'user.group.add': 'Group added to user',
  'user.group.delete': 'Group removed from user',
  'user.delete': 'User deleted',
  'service.user.delete': 'Service user deleted',
  'user.peer.delete': 'Peer deleted',
  'peer.login.expire': 'Peer login expired',
  'user.approve': 'User approved',
  'user.reject': 'User rejected',
  'group.add': 'Group created',
  'group.update': 'Group updated',
  'peer.group.add': 'Group added to peer',
  'peer.group.delete': 'Group removed from peer',
  'peer.setupkey.add': 'Peer added with setup key',
  'peer.user.add': 'Peer added by user',
  'user.join': 'User joined',
  'policy.update': 'Policy updated',
} as const satisfies Record<string, string>;

export type ActivityCode = keyof typeof ACTIVITIES;

export interface Initiator {
  id: string;
  name: string;
  email: string;
}

export function appendEvent(
  state: NetBirdState,
  at: Date,
  initiator: Initiator,
  code: ActivityCode,
  targetId: string,
  meta: Record<string, string>,
): SimEvent {
  const last = state.events.at(-1);
  const event: SimEvent = {
    id: String(last ? Number(last.id) + 1 : 10_001),
    timestamp: at.toISOString(),
    activity: ACTIVITIES[code],
    activity_code: code,
    initiator_id: initiator.id,
    initiator_name: initiator.name,
    initiator_email: initiator.email,
    target_id: targetId,
    meta,
  };
  state.events.push(event);
  if (state.events.length > MAX_EVENTS * 2) state.events.splice(0, state.events.length - MAX_EVENTS);
  return event;
}

/** Records a write made by the caller's token. */
export function record(call: Call, code: ActivityCode, targetId: string, meta: Record<string, string> = {}): void {
  const p = call.principal;
  appendEvent(call.state, call.now(), { id: p.id, name: p.name, email: p.email }, code, targetId, meta);
}

/** Newest first, at most 10,000, as the API answers. */
export function newestEvents(state: NetBirdState): SimEvent[] {
  return state.events.slice(-MAX_EVENTS).reverse();
}
