/**
 * Fail closed at start-up (issue 11): the Function App validates its configuration when the host
 * starts it (the `appStart` hook), not on the first invocation, and outside the project's loopback
 * local host a missing bot app id stops it, whatever the platform's variables say.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../shared/host/azure-functions.js';
import { ConfigError } from '../../shared/errors.js';
import { resetServices } from '../../functions/root/services.js';
import { validEnv } from '../support/env.js';

type Hook = () => Promise<unknown>;

/** Loads functions/app-start.ts afresh and returns the callback it registered with the host. */
async function startHook(): Promise<Hook> {
  const spy = vi.spyOn(app.hook, 'appStart');
  vi.resetModules();
  await import('../../functions/app-start.js');
  expect(spy).toHaveBeenCalledTimes(1);
  const hook = spy.mock.calls[0]![0] as unknown as Hook; // the handler ignores its context
  spy.mockRestore();
  return hook;
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
