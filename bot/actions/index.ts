/**
 * Every card-action handler, by verb prefix. Add a handler by appending it to this list.
 */
import { botActions } from './bot-actions.js';
import { joinerActions } from './joiners.js';
import { offboardingActions } from './offboarding.js';
import type { CardActionHandler } from './types.js';

export const CARD_ACTIONS: readonly CardActionHandler[] = [offboardingActions, joinerActions, botActions];
