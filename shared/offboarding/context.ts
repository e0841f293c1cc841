/**
 * What every offboarding use-case works with: the app's services (config, NetBird, Graph), the
 * offboarding storage, the Teams sending port (services.teams: use-cases hand it views), a logger
 * and a clock.
 */
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import type { TeamsSender } from '../teams/sender.js';
import { offboardingStorage, type OffboardingStorage } from './storage.js';

export interface OffboardingContext {
  services: Services;
  storage: OffboardingStorage;
  teams: TeamsSender;
  logger: Logger;
  now(): Date;
}

export function offboardingContext(
  services: Services,
  overrides: Partial<Omit<OffboardingContext, 'services'>> = {},
): OffboardingContext {
  return {
    services,
    storage: overrides.storage ?? offboardingStorage(services.storageConnectionString),
    teams: overrides.teams ?? services.teams,
    logger: overrides.logger ?? services.logger.child({ area: 'offboarding' }),
    now: overrides.now ?? (() => new Date()),
  };
}
