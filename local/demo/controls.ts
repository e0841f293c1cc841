/**
 * The demo controls: what the world does to the simulated tenant and network, with the side effects
 * the real services would have. Disabling or deleting a user changes Entra, writes the users change
 * log `users/delta` reads, and POSTs a real change notification to every subscription's
 * notificationUrl (a soft delete is `updated`, as Graph sends it). A password reset writes the
 * directory audit events Entra writes. A peer going offline is what the management server would
 * report next.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../shared/logger.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { notifyUserChange } from './graph/notify.js';
import { noteUserChange, type GraphState, type SimGraphUser } from './graph/state.js';
import { findPeer, type NetBirdState } from './netbird/state.js';
import { adminReset, selfServiceReset, type AuditPerson } from './seed/audits.js';

export interface DemoControls {
  /** accountEnabled=false, then a change notification to every active subscription. */
  disableUser(userId: string): Promise<void>;
  /** accountEnabled=true again (a false alarm undone in Entra), with its notification. */
  enableUser(userId: string): Promise<void>;
  /** Soft delete: GET answers 404, `directory/deletedItems` has it; notification `updated`. */
  deleteUser(userId: string): Promise<void>;
  /** SSPR (`self`) or admin (`admin`, by the IT engineer) reset audit events, now. */
  resetPassword(userId: string, by: 'self' | 'admin'): Promise<void>;
  /** e.g. take the Boulder routing peer offline. */
  setPeerConnected(peerIdOrName: string, connected: boolean): void;
}

export interface ControlsDeps {
  graph: GraphState;
  netbird: NetBirdState;
  /** Who performs admin resets. */
  admin: AuditPerson;
  now: () => Date;
  logger: Logger;
}

export function createControls(deps: ControlsDeps): DemoControls {
  const { graph, netbird, now, logger } = deps;
  const log = logger.child({ demo: 'controls' });

  function user(userId: string): SimGraphUser {
    const found = graph.users.get(userId.toLowerCase());
    if (!found) throw new NotFoundError(`No active Entra user ${userId} in the demo tenant`);
    return found;
  }

  async function changed(u: SimGraphUser, what: string): Promise<void> {
    noteUserChange(graph, u.id);
    log.info('demo: user changed', { change: what, userId: u.id });
    await notifyUserChange(graph, u.id, 'updated', now(), log);
  }

  async function setEnabled(userId: string, enabled: boolean): Promise<void> {
    const u = user(userId);
    u.accountEnabled = enabled;
    // Hybrid users are disabled on-prem; Entra learns it at the next Entra Connect sync.
    u.onPremisesLastSyncDateTime = now().toISOString();
    await changed(u, enabled ? 'user enabled in Entra' : 'user disabled in Entra');
  }

  function resetPassword(userId: string, by: 'self' | 'admin'): void {
    const u = user(userId);
    const target = { id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
    const ids = { guid: () => randomUUID() };
    const at = now();
    // A self-service reset takes a couple of minutes from "submitted user ID" to the reset itself.
    graph.audits.push(
      ...(by === 'self'
        ? selfServiceReset(ids, new Date(at.getTime() - 2 * 60_000 - 200), target)
        : adminReset(ids, at, deps.admin, target)),
    );
    u.lastPasswordChangeDateTime = at.toISOString();
    log.info('demo: password reset', { userId: u.id, by });
  }

  return {
    disableUser: (userId) => setEnabled(userId, false),
    enableUser: (userId) => setEnabled(userId, true),

    async deleteUser(userId) {
      const u = user(userId);
      graph.users.delete(u.id);
      // Entra renames a deleted user's UPN to <object id without dashes><UPN>.
      graph.deletedUsers.set(u.id, {
        ...u,
        deletedDateTime: now().toISOString(),
        userPrincipalName: `${u.id.replaceAll('-', '')}${u.userPrincipalName}`,
      });
      await changed(u, 'user deleted in Entra (recycle bin)');
    },

    // Through a promise so that a bad user id is a rejection, like every other control.
    resetPassword: (userId, by) => Promise.resolve().then(() => resetPassword(userId, by)),

    setPeerConnected(peerIdOrName, connected) {
      const peer = findPeer(netbird, peerIdOrName);
      if (!peer) throw new NotFoundError(`No NetBird peer ${peerIdOrName} in the demo network`);
      if (connected && peer.login_expired)
        throw new ValidationError(
          `Peer ${peer.name} cannot connect: its login has expired (someone must sign in again)`,
        );
      peer.connected = connected;
      peer.last_seen = now().toISOString();
      log.info('demo: peer connection changed', { peer: peer.name, connected });
    },
  };
}
