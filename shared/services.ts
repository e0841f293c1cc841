/**
 * The adapters every use-case needs, built from the configuration: NetBird clients (read-only and
 * admin tokens), the Graph client, the storage connection and the Teams sending port. Built once
 * per process by the host's composition root (functions/root/services.ts) and passed in; tests
 * build their own with `createServices(config, logger, teams)`.
 */
import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Config } from './config/index.js';
import { GraphClient, SlidingWindowRateLimiter, type RateLimiter } from './graph/index.js';
import type { Logger } from './logger.js';
import { NetBirdClient } from './netbird/index.js';
import { WriteRateLimiter } from './netbird/write-rate.js';
import { currentWritePriority, WRITE_PRIORITY } from './netbird/write-priority.js';
import { SharedRateLimiter, timeSlotsTable } from './store/shared-rate.js';
import type { TeamsSender } from './teams/sender.js';

export interface Services {
  config: Config;
  logger: Logger;
  /** Read-only service user: diagnostics and wave health. */
  netbirdRead: NetBirdClient;
  /** Admin service user: offboarding writes. */
  netbirdAdmin: NetBirdClient;
  graph: GraphClient;
  /** Graph reports: 5 requests per 10 s per tenant, shared by every instance (and every reader in this one). */
  reportsRateLimiter: RateLimiter;
  storageConnectionString: string;
  /** The Teams sending port: use-cases hand it views, the edge renders and sends them. */
  teams: TeamsSender;
}

export function graphCredential(config: Config): TokenCredential {
  const { auth, tenantId, authorityHost } = config.graph;
  if (auth.kind === 'client-secret') {
    // A custom authority (sovereign cloud, local simulator) is not in MSAL's list of known
    // instances, so instance discovery (a call to login.microsoftonline.com) is switched off.
    return new ClientSecretCredential(
      tenantId,
      auth.clientId,
      auth.clientSecret,
      authorityHost ? { authorityHost, disableInstanceDiscovery: true } : {},
    );
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

/**
 * Graph reports allow 5 requests per 10 s per app and tenant, whatever the number of instances:
 * https://learn.microsoft.com/graph/throttling-limits#identity-and-access-reports-service-limits
 * The margin covers the storage round trip between claiming a slot and the request leaving.
 */
const REPORTS = { count: 5, windowMs: 10_000, marginMs: 250 };
/** NetBird writes: the margin is the same round trip, on a one-second window. */
const NETBIRD_WRITE_MARGIN_MS = 50;

/** The report limiter: shared through storage when there is one (always, in Azure), else in-process. */
function reportsLimiter(config: Config, logger: Logger): RateLimiter {
  const local = new SlidingWindowRateLimiter({ limit: REPORTS.count, windowMs: REPORTS.windowMs });
  const cs = config.storage.connectionString;
  if (!cs) return local;
  return new SharedRateLimiter(timeSlotsTable(cs), {
    key: `graph-reports:${config.graph.tenantId}`,
    ...REPORTS,
    local,
    logger,
  });
}

/**
 * The NetBird write budget for the whole app: NETBIRD_WRITES_PER_SECOND across every instance,
 * as ceil(rate) slots per ceil(rate)/rate seconds, each instance also spacing its own writes.
 * Blocks are served first, then quarantine, then the rest (netbird/write-priority.ts).
 */
function netbirdWriteLimiter(config: Config, logger: Logger): RateLimiter {
  const rate = config.netbird.writesPerSecond;
  const local = new WriteRateLimiter(rate);
  const cs = config.storage.connectionString;
  if (!cs) return local;
  const count = Math.ceil(rate);
  return new SharedRateLimiter(timeSlotsTable(cs), {
    key: `netbird-writes:${new URL(config.netbird.apiUrl).host}`,
    count,
    windowMs: (1000 * count) / rate,
    marginMs: NETBIRD_WRITE_MARGIN_MS,
    local,
    logger,
    priorities: { of: currentWritePriority, top: WRITE_PRIORITY.block },
  });
}

export function createServices(config: Config, logger: Logger, teams: TeamsSender): Services {
  const netbird = (token: string, writeLimiter?: RateLimiter, listMaxAgeMs?: number) =>
    new NetBirdClient({
      baseUrl: config.netbird.apiUrl,
      token,
      timeoutMs: config.netbird.timeoutMs,
      logger,
      idp: config.netbird.idp,
      writeLimiter,
      listMaxAgeMs,
    });
  const reportsRateLimiter = reportsLimiter(config, logger);
  return {
    config,
    logger,
    // The bot's client shares only reads in flight: IT re-running `tunnel` after a fix sees the fix.
    netbirdRead: netbird(config.netbird.readToken),
    // Only the admin client writes (blocks, peer deletes, quarantine group); NETBIRD_WRITES_PER_SECOND caps it.
    netbirdAdmin: netbird(config.netbird.adminToken, netbirdWriteLimiter(config, logger), NETBIRD_LIST_MAX_AGE_MS),
    graph: new GraphClient({
      baseUrl: config.graph.baseUrl,
      credential: graphCredential(config),
      logger,
      timeoutMs: config.graph.timeoutMs,
      reportsRateLimiter,
    }),
    reportsRateLimiter,
    storageConnectionString: config.storage.connectionString ?? '',
    teams,
  };
}
