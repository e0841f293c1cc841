/**
 * Wires wave health to the process's adapters: the read-only NetBird client (wave health never
 * writes), the Graph client, the tenant-wide report reader (built once per configuration, with one
 * process-wide limiter: 5 report requests per 10 s), the WaveSnapshots table and a notifier.
 */
import type { Config } from '../config/index.js';
import { GraphTenantReports, SlidingWindowRateLimiter } from '../graph/index.js';
import type { Logger } from '../logger.js';
import { graphCredential, type Services } from '../services.js';
import type { WaveDeps } from './evaluate.js';
import type { WaveNotifier, WaveRunDeps } from './run.js';
import { WaveSnapshotStore } from './store.js';

// Reports allow 5 requests per 10 s per app and tenant:
// https://learn.microsoft.com/graph/throttling-limits#identity-and-access-reports-service-limits
const reportsLimiter = new SlidingWindowRateLimiter({ limit: 5, windowMs: 10_000 });
const readers = new WeakMap<Config, GraphTenantReports>();

function tenantReports(config: Config, logger: Logger): GraphTenantReports {
  let reader = readers.get(config);
  if (!reader) {
    reader = new GraphTenantReports({
      baseUrl: config.graph.baseUrl,
      credential: graphCredential(config),
      logger,
      timeoutMs: config.graph.timeoutMs,
      reportsRateLimiter: reportsLimiter,
    });
    readers.set(config, reader);
  }
  return reader;
}

export function waveDeps(services: Services, logger: Logger = services.logger): WaveDeps {
  return { netbird: services.netbirdRead, graph: services.graph, reports: tenantReports(services.config, services.logger), logger };
}

export function waveRunDeps(services: Services, notifier: WaveNotifier, logger: Logger = services.logger): WaveRunDeps {
  return { ...waveDeps(services, logger), store: WaveSnapshotStore.fromConnectionString(services.storageConnectionString), notifier };
}
