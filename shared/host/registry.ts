/**
 * One place where functions are declared. `register` keeps each definition in a list, so the local
 * host serves exactly the same handlers on the same routes and schedules and a test can list them,
 * and in the Functions host hands it to the Azure Functions v4 registration (`app.http`,
 * `app.timer`, `app.storageQueue`). Outside that host `app.*` registers nothing and prints a
 * "test mode" warning per call, so it is not called there (runtime.ts):
 * https://github.com/Azure/azure-functions-nodejs-library/blob/v4.x/src/app.ts
 */
import type { HttpHandler, HttpMethod, StorageQueueHandler, TimerHandler } from '@azure/functions';
import { app } from './azure-functions.js';
import { requireFunctionKey, type FunctionKeyName } from './function-key.js';
import { runsInFunctionsHost } from './runtime.js';

/** The storage connection setting name shared by queue triggers and the local host. */
export const STORAGE_CONNECTION = 'AzureWebJobsStorage';

export type HttpFunction = {
  kind: 'http';
  name: string;
  route: string;
  methods: HttpMethod[];
  handler: HttpHandler;
} & (
  | { authLevel: 'anonymous' | 'admin'; key?: undefined }
  /** A function-level endpoint names the one key that opens it (function-key.ts). */
  | { authLevel: 'function'; key: FunctionKeyName }
);
export type TimerFunction = { kind: 'timer'; name: string; schedule: string; handler: TimerHandler };
export type QueueFunction = { kind: 'queue'; name: string; queueName: string; handler: StorageQueueHandler };
export type FunctionDefinition = HttpFunction | TimerFunction | QueueFunction;

const registered = new Map<string, FunctionDefinition>();

export function register<T extends FunctionDefinition>(input: T): T {
  const known = registered.get(input.name);
  if (known) return known as T; // a module imported twice registers once
  // A function-level endpoint checks its own key first (function-key.ts): in Azure, locally, in tests.
  const def: T =
    input.kind === 'http' && input.key ? { ...input, handler: requireFunctionKey(input.key, input.handler) } : input;
  registered.set(def.name, def);
  if (!runsInFunctionsHost()) return def;
  switch (def.kind) {
    case 'http':
      app.http(def.name, { route: def.route, methods: def.methods, authLevel: def.authLevel, handler: def.handler });
      break;
    case 'timer':
      app.timer(def.name, { schedule: def.schedule, handler: def.handler });
      break;
    case 'queue':
      app.storageQueue(def.name, { queueName: def.queueName, connection: STORAGE_CONNECTION, handler: def.handler });
      break;
  }
  return def;
}

export function registeredFunctions(): FunctionDefinition[] {
  return [...registered.values()];
}

/** Work a host does when it starts (`app.hook.appStart`); the local host runs the same list. */
export interface StartHook {
  name: string;
  handler: () => Promise<void>;
}

const startHooks = new Map<string, StartHook>();

/**
 * The worker awaits app-start hooks before it takes invocations, once per worker process, so on
 * every instance Flex Consumption starts. A hook must be short and must not throw, except the
 * configuration check (functions/app-start.ts), whose throw is what stops a misconfigured app.
 * https://learn.microsoft.com/azure/azure-functions/functions-reference-node#hooks
 */
export function registerStartHook(hook: StartHook): StartHook {
  if (startHooks.has(hook.name)) return hook;
  startHooks.set(hook.name, hook);
  if (runsInFunctionsHost()) app.hook.appStart(() => hook.handler());
  return hook;
}

export function registeredStartHooks(): StartHook[] {
  return [...startHooks.values()];
}
