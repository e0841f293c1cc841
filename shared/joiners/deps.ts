/**
 * What the joiner use-cases work with, passed in (never fetched inside a use-case): NetBird and
 * Graph, the settings they read, storage, a Teams port that sends *views* (the card JSON is built
 * in cards/joiners/ by whoever implements the port, in bot/), a logger and a clock.
 */
import type { GraphClient } from '../graph/index.js';
import type { Logger } from '../logger.js';
import type { NetBirdClient } from '../netbird/index.js';
import type { IdpMode } from '../netbird/user-match.js';
import type { Services } from '../services.js';
import { joinerStore, type JoinerStore } from './storage.js';
import type { Mention, SentMessage, TeamsSender } from '../teams/sender.js';

export type { Mention, SentMessage };

/** What joiners ask of the Teams port (shared/teams/sender.ts): send, post, update in place. */
export type JoinerTeams = Pick<TeamsSender, 'sendToUserOrChannel' | 'postToChannel' | 'update'>;

export interface JoinerSettings {
  tenantId: string;
  approversGroupId: string;
  remindAfterHours: number;
  escalateAfterHours: number;
  idp: IdpMode;
  /** DRY_RUN: a decision is recorded and audited as planned; NetBird is not changed. */
  dryRun: boolean;
}

export interface JoinerDeps {
  netbird: Pick<NetBirdClient, 'listUsers' | 'listGroups' | 'approveUser' | 'rejectUser'>;
  graph: Pick<GraphClient, 'getUserProfile' | 'transitiveGroupNames' | 'getManager' | 'isMemberOfAny'>;
  settings: JoinerSettings;
  store: JoinerStore;
  /** Built on first use: only the steps that send need the bot settings. */
  teams(): JoinerTeams;
  logger: Logger;
  now(): Date;
}

/** The deps from the app's services (functions/ and bot/ call this; use-cases never do). */
export function joinerDeps(
  services: Services,
  overrides: Partial<Pick<JoinerDeps, 'logger' | 'now'>> = {},
): JoinerDeps {
  const { config } = services;
  return {
    netbird: services.netbirdAdmin,
    graph: services.graph,
    settings: {
      tenantId: config.graph.tenantId,
      approversGroupId: config.it.approversGroupId,
      remindAfterHours: config.offboarding.remindAfterHours,
      escalateAfterHours: config.offboarding.escalateAfterHours,
      idp: config.netbird.idp,
      dryRun: config.dryRun,
    },
    store: joinerStore(services.storageConnectionString),
    teams: () => services.teams,
    logger: overrides.logger ?? services.logger.child({ area: 'joiners' }),
    now: overrides.now ?? (() => new Date()),
  };
}
