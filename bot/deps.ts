/**
 * What the bot is built from, once per process (see bot/endpoint.ts): the app's services, the
 * adapter, the stores it writes, the command and card-action lists, and the two things tests
 * change: the clock and the reply deadline.
 */
import type { CloudAdapter } from 'botbuilder';
import type { Services } from '../shared/services.js';
import type { ConversationRefs } from '../shared/teams/conversation-refs.js';
import type { ItAccess } from './access.js';
import type { CardActionHandler } from './actions/types.js';
import type { CommandAudit } from './command-audit.js';
import type { BotCommand } from './commands/types.js';

export interface BotDeps {
  services: Services;
  adapter: CloudAdapter;
  access: ItAccess;
  audit: CommandAudit;
  refs: ConversationRefs;
  commands: readonly BotCommand[];
  actions: readonly CardActionHandler[];
  now: () => Date;
  /** How long a command may take before the caller gets "still looking" and a follow-up. */
  deadlineMs: number;
  /** Keeps track of a cancelled run until it has stopped (its requests aborted), so tests and shutdown can await it. */
  background(work: Promise<void>): void;
}
