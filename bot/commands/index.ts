/**
 * Every bot command, in the order `help` lists them. Add a command by writing its file in this
 * folder and appending it to this list.
 */
import { assign } from './assign.js';
import { audit } from './audit.js';
import { caseCommand } from './case.js';
import { cases } from './cases.js';
import { devices } from './devices.js';
import { drift } from './drift.js';
import { events } from './events.js';
import { help } from './help.js';
import { offboard } from './offboard.js';
import { pending } from './pending.js';
import { resets } from './resets.js';
import { tunnel } from './tunnel.js';
import { unassign } from './unassign.js';
import type { BotCommand } from './types.js';
import { wave } from './wave.js';

export const COMMANDS: readonly BotCommand[] = [
  tunnel,
  resets,
  offboard,
  cases,
  caseCommand,
  audit,
  pending,
  devices,
  assign,
  unassign,
  wave,
  drift,
  events,
  help,
];
