/**
 * The storage part of the health endpoint: one cheap authenticated call to each service the app
 * uses (Get Service Properties on tables and queues), in parallel, without retries and with a
 * deadline, so a health probe answers quickly even when storage is down.
 * https://learn.microsoft.com/rest/api/storageservices/get-table-service-properties
 * https://learn.microsoft.com/rest/api/storageservices/get-queue-service-properties
 */
import { StorageError } from '../errors.js';
import { createQueueServiceClient, createTableServiceClient, toAppError } from './connection.js';

export interface StorageHealth {
  ok: true;
  /** Wall time of the whole check (both calls run in parallel). */
  latencyMs: number;
  services: { tables: number; queues: number };
}

/** Resolves when both services answer; throws StorageError (never with the account key) when not. */
export async function pingStorage(
  connectionString: string,
  options: { timeoutMs?: number } = {},
): Promise<StorageHealth> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const abortSignal = AbortSignal.timeout(timeoutMs);
  const tables = createTableServiceClient(connectionString, { retryOptions: { maxRetries: 0 } });
  const queues = createQueueServiceClient(connectionString, {
    retryOptions: { maxTries: 1, tryTimeoutInMs: timeoutMs },
  });
  const started = performance.now();
  const timed = async (service: string, call: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    try {
      await call();
    } catch (err) {
      if (abortSignal.aborted) throw new StorageError(`Storage: ${service} did not answer within ${timeoutMs} ms`);
      throw toAppError(err, { action: `ping ${service}`, connectionString });
    }
    return Math.round(performance.now() - t0);
  };
  const [tablesMs, queuesMs] = await Promise.all([
    timed('table service', () => tables.getProperties({ abortSignal })),
    timed('queue service', () => queues.getProperties({ abortSignal })),
  ]);
  return {
    ok: true,
    latencyMs: Math.round(performance.now() - started),
    services: { tables: tablesMs, queues: queuesMs },
  };
}
