/**
 * Fail closed at start-up (issue 11): the Function App validates its configuration when the host
 * starts it (the `appStart` hook), not on the first invocation, and outside the project's loopback
 * local host a missing bot app id stops it, whatever the platform's variables say.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../shared/errors.js';
import { resetServices } from '../../functions/root/services.js';
import { validEnv } from '../support/env.js';

type Hook = () => Promise<unknown>;

/**
 * Loads functions/app-start.ts afresh and returns the callback it registered. The registry hands
 * start hooks to `app.hook.appStart` only inside the Functions host (shared/host/registry.ts, so
 * `npm start` and tests stay quiet; test/functions/registrations.test.ts covers the host side):
 * here the hook is read back from the registry the file registered it with.
 */
async function startHook(): Promise<Hook> {
  vi.resetModules();
  await import('../../functions/app-start.js');
  const { registeredStartHooks } = await import('../../shared/host/registry.js');
  const hooks = registeredStartHooks().filter((h) => h.name === 'validateConfiguration');
  expect(hooks).toHaveLength(1);
  return () => hooks[0]!.handler();
}

async function withEnv(env: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
  const saved = { ...process.env };
  process.env = {
    PATH: process.env.PATH,
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
  };
  resetServices();
  try {
    await fn();
  } finally {
    process.env = saved;
    resetServices();
  }
}

describe('app start', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('registers an appStart hook that stops the app with the configuration message when MicrosoftAppId is missing, with or without WEBSITE_INSTANCE_ID', async () => {
    const hook = await startHook();
    for (const platform of [
      {},
      { WEBSITE_INSTANCE_ID: 'abc' },
      { WEBSITE_INSTANCE_ID: undefined, CONTAINER_APP_NAME: 'x' },
    ]) {
      await withEnv(
        validEnv({
          MicrosoftAppId: undefined,
          MicrosoftAppPassword: undefined,
          AzureWebJobsStorage: 'UseDevelopmentStorage=true',
          ...platform,
        }),
        async () => {
          let thrown: unknown;
          try {
            await hook();
          } catch (err) {
            thrown = err;
          }
          // The module was loaded afresh (its own ConfigError class): compare by name.
          expect((thrown as Error).name).toBe(ConfigError.name);
          expect((thrown as ConfigError).message).toMatch(
            /^Configuration is invalid \(1 problem\):\n {2}- MicrosoftAppId is required unless the app runs on the local host on a loopback address/,
          );
        },
      );
    }
  });

  it('lets a complete configuration start', async () => {
    const hook = await startHook();
    await withEnv(validEnv({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }), async () => {
      await expect(hook()).resolves.toBeUndefined();
    });
  });
});
