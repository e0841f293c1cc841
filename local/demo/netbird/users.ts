/**
 * `/api/users`: list (with the `service_user` filter), update, delete, approve and reject (user approval).
 *
 * `PUT /api/users/{id}` replaces `role`, `auto_groups` and `is_blocked` together (all three are
 * required; the spec validation has refused a body without them before this runs). Blocking a user
 * logs them out: their SSO peers (`user_id` = the user) are marked login-expired and disconnected;
 * setup-key peers (empty `user_id`) are untouched (DESIGN.md §5). Deleting a user deletes their
 * peers too, as NetBird does.
 */
import { record } from './audit.js';
import { NetBirdSimError, ok, operation, queryValue, type OperationCall } from './call.js';
import { removePeer } from './peers.js';
import { peersOfUser, type SimUser } from './state.js';

const ROLES = new Set(['owner', 'admin', 'user', 'auditor', 'network_admin', 'billing_admin']);

interface UserUpdate {
  role: string;
  auto_groups: string[];
  is_blocked: boolean;
}

function userOr404(call: OperationCall): SimUser {
  const user = call.state.users.get(call.params.userId ?? '');
  if (!user) throw new NetBirdSimError(404, `user ${call.params.userId} not found`);
  return user;
}

export const listUsers = operation((call) => {
  const filter = queryValue(call.query, 'service_user');
  const users = [...call.state.users.values()].filter(
    (u) => filter === undefined || String(u.is_service_user === true) === filter,
  );
  // NetBird marks the caller `is_current` (the activity feed tells its own writes by it).
  return ok(users.map((u) => ({ ...u, is_current: u.id === call.principal.id })));
});

export const updateUser = operation((call) => {
  const user = userOr404(call);
  const update = call.body as UserUpdate;
  if (!ROLES.has(update.role)) throw new NetBirdSimError(422, `invalid user role ${update.role}`);
  for (const id of update.auto_groups)
    if (!call.state.groups.has(id)) throw new NetBirdSimError(422, `group ${id} not found`);
  if (update.is_blocked && user.id === call.principal.id)
    throw new NetBirdSimError(422, 'unable to block initiator user');
  if (update.is_blocked && user.role === 'owner') throw new NetBirdSimError(403, 'unable to block owner user');

  if (update.role !== user.role)
    record(call, 'user.role.update', user.id, { role: update.role, email: user.email, name: user.name });
  for (const id of update.auto_groups.filter((g) => !user.auto_groups.includes(g)))
    record(call, 'user.group.add', user.id, groupMeta(call, id, user));
  for (const id of user.auto_groups.filter((g) => !update.auto_groups.includes(g)))
    record(call, 'user.group.delete', user.id, groupMeta(call, id, user));
  if (update.is_blocked !== user.is_blocked) {
    record(call, update.is_blocked ? 'user.block' : 'user.unblock', user.id, { email: user.email, name: user.name });
    if (update.is_blocked) expirePeers(call, user);
  }
  Object.assign(user, {
    role: update.role,
    auto_groups: [...update.auto_groups],
    is_blocked: update.is_blocked,
    status: update.is_blocked ? 'blocked' : user.status === 'blocked' ? 'active' : user.status,
  });
  return ok(user);
}, 'write');

function expirePeers(call: OperationCall, user: SimUser): void {
  for (const peer of peersOfUser(call.state, user.id)) {
    if (!peer.login_expired) record(call, 'peer.login.expire', peer.id, { name: peer.name, ip: peer.ip });
    Object.assign(peer, { login_expired: true, connected: false });
  }
}

function groupMeta(call: OperationCall, groupId: string, user: SimUser): Record<string, string> {
  return { group: groupId, group_name: call.state.groups.get(groupId)?.name ?? '', email: user.email, name: user.name };
}

export const deleteUser = operation((call) => {
  const user = userOr404(call);
  if (user.id === call.principal.id) throw new NetBirdSimError(422, 'unable to delete initiator user');
  if (user.role === 'owner') throw new NetBirdSimError(403, 'unable to delete a user with owner role');
  for (const peer of peersOfUser(call.state, user.id)) removePeer(call, peer.id);
  call.state.users.delete(user.id);
  record(call, user.is_service_user ? 'service.user.delete' : 'user.delete', user.id, {
    email: user.email,
    name: user.name,
  });
  return ok({});
}, 'write');

/** `POST /api/users/{id}/approve`: a user pending approval (DESIGN.md §5b) is let in, as NetBird does. */
export const approveUser = operation((call) => {
  const user = userOr404(call);
  if (!user.pending_approval) throw new NetBirdSimError(400, 'user is not pending approval');
  Object.assign(user, { pending_approval: false, is_blocked: false, status: 'active' });
  record(call, 'user.approve', user.id, { email: user.email, name: user.name });
  return ok(user);
}, 'write');

/** `DELETE /api/users/{id}/reject`: a user pending approval is removed from the account. */
export const rejectUser = operation((call) => {
  const user = userOr404(call);
  if (!user.pending_approval) throw new NetBirdSimError(400, 'user is not pending approval');
  for (const peer of peersOfUser(call.state, user.id)) removePeer(call, peer.id);
  call.state.users.delete(user.id);
  record(call, 'user.reject', user.id, { email: user.email, name: user.name });
  return ok({});
}, 'write');
