/**
 * What every offboarding use-case works with: the app's services (config, NetBird, Graph), the
 * offboarding storage, the Teams notifier (built on first use: only steps that send need the bot
 * settings), a logger and a clock.
 */
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import { getNotifier, type TeamsNotifier } from '../teams/notifier.js';
import { offboardingStorage, type OffboardingStorage } from './storage.js';

export interface OffboardingContext {
  services: Services;
  storage: OffboardingStorage;
  notifier(): TeamsNotifier;
  logger: Logger;
  now(): Date;
}

export function offboardingContext(services: Services, overrides: Partial<Omit<OffboardingContext, 'services'>> = {}): OffboardingContext {
  return {
    services,
    storage: overrides.storage ?? offboardingStorage(services.storageConnectionString),
    notifier: overrides.notifier ?? (() => getNotifier()),
    logger: overrides.logger ?? services.logger.child({ area: 'offboarding' }),
    now: overrides.now ?? (() => new Date()),
  };
}
