/**
 * What containment changed for a user and is still in force, read from the stored case (pure): the
 * NetBird user blocked by us, machine peers still out of the groups recorded at quarantine, peers
 * deleted at cleanup (gone for good: the person re-enrols them), and a deleted NetBird user. The
 * returner card shows exactly this, and Restore undoes exactly the first two.
 */
import { netbirdUserOf, type Device, type LeftGroup, type OffboardingCase } from '../model.js';

export interface QuarantinedPeer {
  peerId: string;
  name: string;
  /** The groups it left, to go back into (exactly these). */
  groups: LeftGroup[];
}

export interface ContainmentChanges {
  /** We blocked the NetBird user and it is still blocked (not undone by a false-alarm unblock). */
  blocked: boolean;
  netbirdUserId?: string;
  /** The NetBird user was deleted (DELETE_NETBIRD_USER): there is no one to unblock. */
  userDeleted: boolean;
  quarantined: QuarantinedPeer[];
  /** Names of peers deleted at cleanup (or already gone then). */
  deleted: string[];
}

const WRITTEN = new Set(['done', 'no-change', 'planned']);

/** A quarantined machine peer that nothing has put back yet (no cleanup, or cleanup left it out). */
function stillQuarantined(d: Device): boolean {
  if (d.kind !== 'machine' || !d.quarantine?.done || !WRITTEN.has(d.quarantine.done.result)) return false;
  return !d.cleanup || d.cleanup.action === 'kept';
}

/** `beforeRestore`: as it was when offered (the card keeps listing what a restore put back). */
export function containmentChanges(c: OffboardingCase, options: { beforeRestore?: boolean } = {}): ContainmentChanges {
  const nb = netbirdUserOf(c);
  const userDeleted = c.netbirdUserDeleted !== undefined && WRITTEN.has(c.netbirdUserDeleted.result);
  const undone = c.unblock?.done !== undefined || (!options.beforeRestore && c.returner?.restore?.done !== undefined);
  const blocked = !!nb && !nb.wasBlocked && !!c.block && WRITTEN.has(c.block.result) && !userDeleted && !undone;
  return {
    blocked,
    ...(nb ? { netbirdUserId: nb.id } : {}),
    userDeleted,
    quarantined: undone
      ? []
      : c.devices
          .filter(stillQuarantined)
          .map((d) => ({ peerId: d.peerId, name: d.name, groups: d.quarantine!.removedFrom })),
    deleted: c.devices
      .filter((d) => d.cleanup?.action === 'deleted' || d.cleanup?.action === 'already-gone')
      .map((d) => d.name),
  };
}

/** Anything for IT to decide about: something blocked or quarantined, or peers that are gone. */
export function hasChanges(ch: ContainmentChanges): boolean {
  return ch.blocked || ch.quarantined.length > 0 || ch.deleted.length > 0 || ch.userDeleted;
}

/**
 * Which cases get a returner offer when the account is seen enabled (the rest keep their existing
 * behaviour, documented in returner/offer.ts): a closed case, or an open one that was contained and
 * is waiting for the approver (no decision yet); a manual case only once the account was seen
 * disabled or deleted. A rejected case already has its own way back (IT
 * confirms the false alarm and unblocks), and a case whose cleanup is running is left to finish.
 */
export function offerable(c: OffboardingCase): boolean {
  // `offboard <user>` runs before Entra says disabled: enabled then is not enabled *again*.
  if (c.reason === 'manual' && !c.seenDisabledAt) return false;
  if (c.state === 'closed') return true;
  return (c.state === 'contained' || c.state === 'awaiting-approval' || c.state === 'escalated') && !c.decision;
}

/** Open states a restore closes the case from (state-machine.ts: `… → closed`, outcome `restored`). */
export const RESTORE_CLOSES_FROM = ['contained', 'awaiting-approval', 'escalated'] as const;
