/**
 * The composition root of the Functions host (and of the local host, which runs the same
 * functions): the one place the process's services are built, from the configuration, with the
 * botbuilder Teams sender. Triggers and bot edges fetch them here and pass them in; nothing in
 * shared/ reaches for them.
 */
import { botTeamsSender } from '../../bot/teams-sender.js';
import { getConfig, resetConfigForTests } from '../../shared/config/index.js';
import { jsonLineLogger } from '../../shared/logger.js';
import { createServices, type Services } from '../../shared/services.js';
import { startTelemetry } from '../../shared/telemetry.js';

export type { Services };

let services: Services | undefined;

export function getServices(): Services {
  if (!services) {
    const config = getConfig();
    void startTelemetry(config.telemetry.connectionString);
    const logger = jsonLineLogger(config.logLevel, { app: 'netbird-entra-ops' });
    services = createServices(config, logger, botTeamsSender(config, logger));
  }
  return services;
}

/** Tests only: rebuild the services (and configuration) from the environment on next use. */
export function resetServices(): void {
  services = undefined;
  resetConfigForTests();
}
