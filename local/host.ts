/**
 * The local host behind `npm start`: the registered functions served over HTTP on the same routes
 * as the Function App, timers on their schedules, queue triggers polled from storage and the
 * app-start hooks run once, all calling the very handlers the Azure registrations call. Storage is an embedded Azurite unless
 * `AzureWebJobsStorage` is set.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getConfig, resetConfigForTests } from '../shared/config/index.js';
import {
  registeredStartHooks,
  type HttpFunction,
  type QueueFunction,
  type TimerFunction,
} from '../shared/host/registry.js';
import { declareLoopbackHost, isLoopbackAddress } from '../shared/host/runtime.js';
import type { Logger } from '../shared/logger.js';
import { startAzurite, type RunningAzurite } from './azurite.js';
import { loadFunctions } from './discover.js';
import { readHostSettings } from './host-settings.js';
import { createLocalHttpServer, type ExtraRoute } from './http-server.js';
import { startQueuePollers, type RunningQueues } from './queues.js';
import { startTimers, type RunningTimers } from './timers.js';

export interface LocalHostOptions {
  port: number;
  host?: string;
  logger: Logger;
  extraRoutes?: ExtraRoute[];
  /** Timers off (tests drive them with runNow). */
  timers?: boolean;
}

export interface LocalHost {
  url: string;
  timers: RunningTimers;
  queues: RunningQueues;
  functions: { http: HttpFunction[]; timer: TimerFunction[]; queue: QueueFunction[] };
  stop(): Promise<void>;
}

/** host.json at the project root: two levels up when built (dist/local/host.js), one from source (tsx). */
function hostJsonPath(): string {
  const built = fileURLToPath(new URL('../../host.json', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('../host.json', import.meta.url));
}

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const env = process.env; // configuration is read from the process environment, as in Azure
  // Only on a loopback address may the app run without a bot app id and function keys (runtime.ts).
  const bind = options.host ?? '127.0.0.1';
  if (isLoopbackAddress(bind)) declareLoopbackHost(bind);
  // Validate configuration before starting anything, so a bad setting costs nothing.
  resetConfigForTests();
  getConfig();

  let azurite: RunningAzurite | undefined;
  if (!env.AzureWebJobsStorage) {
    azurite = await startAzurite();
    env.AzureWebJobsStorage = azurite.connectionString;
    options.logger.info('storage: embedded Azurite (in memory)', { ports: azurite.ports });
  }
  resetConfigForTests();
  const config = getConfig();

  const hostSettings = readHostSettings(hostJsonPath());
  const all = await loadFunctions();
  const functions = {
    http: all.filter((f): f is HttpFunction => f.kind === 'http'),
    timer: all.filter((f): f is TimerFunction => f.kind === 'timer'),
    queue: all.filter((f): f is QueueFunction => f.kind === 'queue'),
  };

  const server = createLocalHttpServer({
    functions: functions.http,
    routePrefix: hostSettings.routePrefix,
    logger: options.logger,
    extraRoutes: options.extraRoutes ?? [],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timers = startTimers(options.timers === false ? [] : functions.timer, options.logger);
  const queues = startQueuePollers(
    functions.queue,
    config.storage.connectionString ?? '',
    hostSettings.queues,
    options.logger,
  );
  // As the Functions worker does (app.hook.appStart): the start hooks run before the host is ready.
  for (const hook of registeredStartHooks()) await hook.handler();

  return {
    url: `http://localhost:${port}`,
    timers,
    queues,
    functions,
    stop: async () => {
      timers.stop();
      await queues.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await azurite?.stop();
    },
  };
}
