/** Every step of the case, by name (the names nextStep in plan.ts chooses from). */
import type { OffboardingContext } from '../context.js';
import type { OffboardingCase } from '../model.js';
import { admit } from './admit.js';
import { sendApproval } from './approval.js';
import { cleanup, close, deleteUser, markCleanedUp } from './cleanup.js';
import { block, closeNothing, markContained, quarantine } from './contain.js';
import { findUser } from './find-user.js';
import { inventory } from './inventory.js';
import type { StepName } from './plan.js';
import { closeRejected, unblock } from './unblock.js';
import { closeRestored, restoreReturner } from '../returner/restore-step.js';

export type Step = (ctx: OffboardingContext, c: OffboardingCase) => Promise<void>;

export const STEPS: Record<StepName, Step> = {
  'find-user': findUser,
  inventory,
  'close-nothing': closeNothing,
  admit,
  block,
  quarantine,
  contained: markContained,
  'send-approval': sendApproval,
  cleanup,
  'cleaned-up': markCleanedUp,
  'delete-user': deleteUser,
  close,
  unblock,
  'close-rejected': closeRejected,
  'restore-returner': restoreReturner,
  'close-restored': closeRestored,
};

export { nextStep, type StepName } from './plan.js';
