/**
 * The next step of a case, decided from the stored case alone (pure). Each step records its result
 * in the case before the next is chosen, so a replay or a restart picks up exactly where the last
 * run stopped: done steps are never chosen again.
 */
import { netbirdUserOf, type OffboardingCase } from '../model.js';
import { RESTORE_CLOSES_FROM } from '../returner/changes.js';

export type StepName =
  | 'find-user'
  | 'inventory'
  | 'close-nothing'
  | 'admit'
  | 'block'
  | 'quarantine'
  | 'contained'
  | 'send-approval'
  | 'cleanup'
  | 'cleaned-up'
  | 'delete-user'
  | 'close'
  | 'unblock'
  | 'close-rejected'
  | 'restore-returner'
  | 'close-restored';

export interface PlanSettings {
  deleteNetbirdUser: boolean;
}

export function nextStep(c: OffboardingCase, settings: PlanSettings): StepName | undefined {
  if (c.hold) return undefined; // held by the blast-radius guard until IT confirms
  // An IT approver chose to restore a returner (returner/confirm.ts): that comes before anything else.
  const restore = c.returner?.restore;
  if (restore && !restore.done) return 'restore-returner';
  if (restore?.done && (RESTORE_CLOSES_FROM as readonly string[]).includes(c.state)) return 'close-restored';
  switch (c.state) {
    case 'detected':
      // Containment first (issue 15): the user is found and blocked before the inventory.
      if (!c.target && !c.inventory) return 'find-user';
      if (!netbirdUserOf(c)) {
        // Nothing to block: the devices found by the inventory decide.
        if (!c.inventory) return 'inventory';
        if (c.devices.length === 0) return 'close-nothing';
      }
      if (!c.admission) return 'admit';
      if (!c.block) return 'block';
      if (!c.inventory) return 'inventory';
      if (needsQuarantine(c)) return 'quarantine';
      return 'contained';
    case 'contained':
      if (needsQuarantine(c)) return 'quarantine'; // IT assigned a laptop while the case was open
      return 'send-approval';
    case 'awaiting-approval':
    case 'escalated':
      if (!c.decision && needsQuarantine(c)) return 'quarantine'; // newly attributed (assign <device> <user>)
      if (c.decision?.outcome !== 'approve') return undefined; // waiting for the approver
      return c.devices.some((d) => !d.cleanup) ? 'cleanup' : 'cleaned-up';
    case 'cleaned-up':
      if (settings.deleteNetbirdUser && netbirdUserOf(c) && !c.netbirdUserDeleted) return 'delete-user';
      return 'close';
    case 'rejected':
      if (!c.unblock) return undefined; // waiting for IT to confirm the false alarm
      return c.unblock.done ? 'close-rejected' : 'unblock';
    case 'closed':
      return undefined;
  }
}

/** A machine peer not yet quarantined (or skipped): found at inventory, or added by a re-plan. */
function needsQuarantine(c: OffboardingCase): boolean {
  return c.devices.some((d) => d.kind === 'machine' && !d.quarantine?.done);
}
