/**
 * host.json as the local host reads it (local/host-settings.ts), with app settings named
 * `AzureFunctionsJobHost__<path>` over it as in Azure: how the tuned bench profile raises the queue
 * messages in flight without a second host.json.
 */
import { describe, expect, it } from 'vitest';
import { readHostSettings } from '../../local/host-settings.js';

const HOST_JSON = new URL('../../host.json', import.meta.url);

describe('readHostSettings', () => {
  it("reads the project's host.json as it is when no app setting overrides it", () => {
    const settings = readHostSettings(HOST_JSON, {});
    expect(settings.queues).toMatchObject({ batchSize: 16, newBatchThreshold: 8, maxDequeueCount: 5 });
    expect(settings.routePrefix).toBe('api');
  });

  it('takes AzureFunctionsJobHost__ app settings over host.json, matching keys in any case', () => {
    const settings = readHostSettings(HOST_JSON, {
      AzureFunctionsJobHost__extensions__queues__batchSize: '32',
      AZUREFUNCTIONSJOBHOST__Extensions__Queues__NewBatchThreshold: '32',
      AzureFunctionsJobHost__functionTimeout: '00:10:00',
      UNRELATED: 'x',
    });
    expect(settings.queues).toMatchObject({ batchSize: 32, newBatchThreshold: 32, maxDequeueCount: 5 });
    expect(settings.functionTimeoutMs).toBe(600_000);
  });

  it('refuses an override host.json would refuse, naming the setting', () => {
    expect(() => readHostSettings(HOST_JSON, { AzureFunctionsJobHost__extensions__queues__batchSize: '64' })).toThrow(
      /extensions\.queues\.batchSize/,
    );
    expect(() => readHostSettings(HOST_JSON, { AzureFunctionsJobHost__extensions__queues__batchSize: 'many' })).toThrow(
      /not valid/,
    );
  });
});
