/**
 * The adapters every use-case needs, built once per process from the configuration: NetBird
 * clients (read-only and admin tokens), the Graph client and the storage connection. Functions
 * call `getServices()`; tests reset it after changing the environment.
 */
import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { getConfig, resetConfigForTests, type Config } from './config/index.js';
import { GraphClient, SlidingWindowRateLimiter } from './graph/index.js';
import { jsonLineLogger, type Logger } from './logger.js';
import { NetBirdClient } from './netbird/index.js';
import { startTelemetry } from './telemetry.js';

export interface Services {
  config: Config;
  logger: Logger;
  /** Read-only service user: diagnostics and wave health. */
  netbirdRead: NetBirdClient;
  /** Admin service user: offboarding writes. */
  netbirdAdmin: NetBirdClient;
  graph: GraphClient;
  storageConnectionString: string;
}

export function graphCredential(config: Config): TokenCredential {
  const { auth, tenantId, authorityHost } = config.graph;
  if (auth.kind === 'client-secret') {
    // A custom authority (sovereign cloud, local simulator) is not in MSAL's list of known
    // instances, so instance discovery (a call to login.microsoftonline.com) is switched off.
    return new ClientSecretCredential(tenantId, auth.clientId, auth.clientSecret, authorityHost ? { authorityHost, disableInstanceDiscovery: true } : {});
  }
  return new ManagedIdentityCredential(auth.clientId ? { clientId: auth.clientId } : {});
}

/**
 * How long one NetBird list (users, peers, groups, policies) may serve several callers: a burst of
 * leavers then reads the 20,000-peer list a few times a second instead of once per case, and no
 * decision is made on a list older than this. Writes of this process drop what they change at
 * once (shared/netbird/shared-reads.ts).
 */
export const NETBIRD_LIST_MAX_AGE_MS = 2_000;

export function createServices(config: Config, logger: Logger): Services {
  const netbird = (token: string, writesPerSecond?: number, listMaxAgeMs?: number) =>
    new NetBirdClient({ baseUrl: config.netbird.apiUrl, token, timeoutMs: config.netbird.timeoutMs, logger, idp: config.netbird.idp, writesPerSecond, listMaxAgeMs });
  return {
    config,
    logger,
    // The bot's client shares only reads in flight: IT re-running `tunnel` after a fix sees the fix.
    netbirdRead: netbird(config.netbird.readToken),
    // Only the admin client writes (blocks, peer deletes, quarantine group); NETBIRD_WRITES_PER_SECOND caps it.
    netbirdAdmin: netbird(config.netbird.adminToken, config.netbird.writesPerSecond, NETBIRD_LIST_MAX_AGE_MS),
    graph: new GraphClient({
      baseUrl: config.graph.baseUrl,
      credential: graphCredential(config),
      logger,
      timeoutMs: config.graph.timeoutMs,
      // Reports (audits, registration details): 5 requests per 10 s per app and tenant.
      reportsRateLimiter: new SlidingWindowRateLimiter({ limit: 5, windowMs: 10_000 }),
    }),
    storageConnectionString: config.storage.connectionString ?? '',
  };
}

let services: Services | undefined;

export function getServices(): Services {
  if (!services) {
    const config = getConfig();
    void startTelemetry(config.telemetry.connectionString);
    services = createServices(config, jsonLineLogger(config.logLevel, { app: 'netbird-entra-ops' }));
  }
  return services;
}

/** Tests only: rebuild the services (and configuration) from the environment on next use. */
export function resetServices(): void {
  services = undefined;
  resetConfigForTests();
}
