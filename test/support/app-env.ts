/**
 * Points the app's configuration at the test world: the settings in env.ts, the Azurite of the
 * global setup, and an Entra authority that nock answers. Restores the environment afterwards.
 */
import { afterEach, beforeEach, inject } from 'vitest';
import { resetServices } from '../../functions/root/services.js';
import { AUTHORITY } from './entra.js';
import { validEnv } from './env.js';

export function useAppEnv(overrides: Record<string, string | undefined> = {}): void {
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    const env = validEnv({
      AzureWebJobsStorage: inject('azuriteConnectionString'),
      GRAPH_AUTHORITY_HOST: AUTHORITY,
      ...overrides,
    });
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetServices();
  });
  afterEach(() => {
    process.env = saved;
    resetServices();
  });
}
