/**
 * Wires wave health to the process's adapters: the read-only NetBird client (wave health never
 * writes), the Graph client, the tenant-wide report reader (built once per configuration, with one
 * the app's report limiter: 5 report requests per 10 s per tenant, services.ts), the WaveSnapshots
 * table and the Teams sending port (services.teams).
 */
import type { Config } from '../config/index.js';
import { GraphTenantReports } from '../graph/index.js';
import type { Logger } from '../logger.js';
import { graphCredential, type Services } from '../services.js';
import type { WaveDeps } from './evaluate.js';
import type { WaveRunDeps } from './run.js';
import { WaveSnapshotStore } from './store.js';

const readers = new WeakMap<Config, GraphTenantReports>();

function tenantReports(services: Services): GraphTenantReports {
  const { config, logger } = services;
  let reader = readers.get(config);
  if (!reader) {
    reader = new GraphTenantReports({
      baseUrl: config.graph.baseUrl,
      credential: graphCredential(config),
      logger,
      timeoutMs: config.graph.timeoutMs,
      reportsRateLimiter: services.reportsRateLimiter,
    });
    readers.set(config, reader);
  }
  return reader;
}

export function waveDeps(services: Services, logger: Logger = services.logger): WaveDeps {
  return { netbird: services.netbirdRead, graph: services.graph, reports: tenantReports(services), logger };
}

export function waveRunDeps(services: Services, logger: Logger = services.logger): WaveRunDeps {
  return {
    ...waveDeps(services, logger),
    store: WaveSnapshotStore.fromConnectionString(services.storageConnectionString),
    notifier: services.teams,
  };
}
